import { AliasTable } from "../../data/distributions.js";
import { seededRandom } from "../../data/random.js";
import type { Timelines } from "../../data/timelines.js";
import { CartliftError, EXIT } from "../../errors.js";

/** Skip-gram with negative sampling (Mikolov et al. 2013), the item2vec recipe (Barkan & Koenigstein 2016). */
export interface SgnsOptions {
  dim: number;
  /** Largest distance between an item and its context (each centre draws its own window in 1..window, as word2vec). */
  window: number;
  negatives: number;
  epochs: number;
  /** Learning rate, decayed linearly to 1e-4 of it over the run. */
  alpha: number;
  /** Frequent-item subsampling threshold (word2vec's `sample`); 0 keeps everything. */
  sample: number;
  /** Items seen fewer times are left out (their vectors stay 0). */
  minCount: number;
  seed: number;
}

export const SGNS_DEFAULTS: SgnsOptions = { dim: 64, window: 5, negatives: 10, epochs: 20, alpha: 0.025, sample: 1e-3, minCount: 1, seed: 42 };

export interface SgnsResult {
  /** Input vectors, item-major (nItems x dim). */
  vectors: Float32Array;
  /** Mean loss per (centre, context) pair, per epoch. */
  lossPerEpoch: number[];
  /** Training pairs (centre, context) processed. */
  pairs: number;
}

/**
 * Trains item vectors on item sequences (`items[tl.events[...]]` per timeline) with plain typed-array
 * loops on one thread: the update is sparse (a few rows per pair), where tensor libraries pay per call
 * (../shared/DEPENDENCIES.md). Deterministic for a seed. Divergence (a non-finite loss) stops with an error.
 */
export function trainSgns(items: Int32Array, tl: Timelines, nItems: number, o: SgnsOptions, onEpoch?: (epoch: number, loss: number) => void): SgnsResult {
  const D = o.dim;
  const random = seededRandom(o.seed);
  const counts = new Float64Array(nItems);
  for (let x = 0; x < tl.events.length; x++) counts[items[tl.events[x]]]++;
  let total = 0;
  const noise = new Float64Array(nItems);
  for (let i = 0; i < nItems; i++) {
    if (counts[i] < o.minCount) continue;
    total += counts[i];
    noise[i] = Math.pow(counts[i], 0.75);
  }
  if (total === 0) throw new CartliftError("no_training_items", "item2vec: no item reaches --min-count", "lower --min-count or train on more data");
  const negatives = new AliasTable(noise);
  // word2vec's keep probability for frequent items
  const keep = Float64Array.from(counts, (c) => (o.sample > 0 && c > 0 ? Math.min(1, (Math.sqrt(c / (o.sample * total)) + 1) * ((o.sample * total) / c)) : 1));
  const input = Float32Array.from({ length: nItems * D }, () => (random() - 0.5) / D);
  const output = new Float32Array(nItems * D);
  const grad = new Float32Array(D);
  const sequence = new Int32Array(Math.max(1, maxLength(tl)));
  const totalSteps = o.epochs * total;
  let step = 0;
  let pairs = 0;
  const lossPerEpoch: number[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    let loss = 0;
    let epochPairs = 0;
    for (let t = 0; t + 1 < tl.offsets.length; t++) {
      // the timeline's items that pass min-count and subsampling
      let n = 0;
      for (let x = tl.offsets[t]; x < tl.offsets[t + 1]; x++) {
        const item = items[tl.events[x]];
        if (counts[item] >= o.minCount && random() < keep[item]) sequence[n++] = item;
      }
      step += tl.offsets[t + 1] - tl.offsets[t];
      const alpha = Math.max(o.alpha * 1e-4, o.alpha * (1 - step / (totalSteps + 1)));
      for (let c = 0; c < n; c++) {
        const centre = sequence[c];
        const b = 1 + Math.floor(random() * o.window);
        for (let j = Math.max(0, c - b); j <= Math.min(n - 1, c + b); j++) {
          if (j === c || sequence[j] === centre) continue;
          loss += update(input, output, grad, centre * D, sequence[j], D, alpha, o.negatives, negatives, random);
          epochPairs++;
        }
      }
    }
    pairs += epochPairs;
    const mean = epochPairs > 0 ? loss / epochPairs : 0;
    if (!Number.isFinite(mean)) throw new CartliftError("diverged", `item2vec diverged in epoch ${epoch + 1} (loss ${mean})`, "lower --alpha", EXIT.internal);
    lossPerEpoch.push(mean);
    onEpoch?.(epoch + 1, mean);
  }
  return { vectors: input, lossPerEpoch, pairs };
}

/** One positive pair and its negatives: gradient steps on the output rows, then on the centre's input row; returns the pair's loss. */
function update(input: Float32Array, output: Float32Array, grad: Float32Array, ci: number, context: number, D: number, alpha: number, k: number, table: AliasTable, random: () => number): number {
  grad.fill(0);
  let loss = 0;
  for (let s = 0; s <= k; s++) {
    const target = s === 0 ? context : table.draw(random);
    if (s > 0 && target === context) continue;
    const label = s === 0 ? 1 : 0;
    const to = target * D;
    let dot = 0;
    for (let d = 0; d < D; d++) dot += input[ci + d] * output[to + d];
    const p = 1 / (1 + Math.exp(-dot));
    loss -= label === 1 ? Math.log(Math.max(p, 1e-12)) : Math.log(Math.max(1 - p, 1e-12));
    const g = alpha * (label - p);
    for (let d = 0; d < D; d++) {
      grad[d] += g * output[to + d];
      output[to + d] += g * input[ci + d];
    }
  }
  for (let d = 0; d < D; d++) input[ci + d] += grad[d];
  return loss;
}

function maxLength(tl: Timelines): number {
  let m = 0;
  for (let t = 0; t + 1 < tl.offsets.length; t++) m = Math.max(m, tl.offsets[t + 1] - tl.offsets[t]);
  return m;
}
