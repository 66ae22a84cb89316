import { AliasTable } from "../../data/distributions.js";
import { yieldPoint } from "../../data/yield-point.js";
import { seededRandom } from "../../data/random.js";
import type { Timelines } from "../../data/timelines.js";
import { CartliftError, EXIT, UsageError } from "../../errors.js";
import { SgnsKernel } from "./sgns-kernel.js";

import { type SgnsOptions } from "./sgns-options.js";

export { SGNS_DEFAULTS, type SgnsOptions } from "./sgns-options.js";

/**
 * Training progress: sequence items done of the run's total (epochs x items), the current epoch, the
 * last finished epoch's mean loss; `epochEnd` on the report that closes an epoch.
 */
export type SgnsProgress = (p: {
  words: number;
  totalWords: number;
  epoch: number;
  epochs: number;
  lastLoss?: number;
  epochEnd: boolean;
}) => void;

/**
 * Sequence items between two learning-rate steps, and at each epoch's start: word2vec.c and gensim
 * decay the rate per 10,000 words, not per word, which matters on small data (one step per epoch).
 */
const ALPHA_EVERY = 10_000;
/** Sequence items between two progress reports. */
const PROGRESS_EVERY = 1 << 18;

export interface SgnsResult {
  /** Input vectors, item-major (nItems x dim). */
  vectors: Float32Array;
  /** Mean loss per (centre, context) pair, per epoch. */
  lossPerEpoch: number[];
  /** Training pairs (centre, context) processed. */
  pairs: number;
  /** Sequence items read over all epochs, before subsampling (word2vec's "raw words"). */
  words: number;
}

/**
 * Trains item vectors on item sequences (`items[tl.events[...]]` per timeline), as word2vec's skip-gram
 * does. The random choices (subsampling, windows, negatives) are made here on one thread; each pair's
 * update runs in the WebAssembly SIMD kernel (sgns-kernel.ts). The update is sparse, a few rows per
 * pair, where tensor libraries pay per call (../shared/DEPENDENCIES.md). Deterministic for a seed.
 * Divergence (a non-finite loss) stops with an error.
 */
export function trainSgns(
  items: Int32Array,
  tl: Timelines,
  nItems: number,
  o: SgnsOptions,
  onProgress?: SgnsProgress,
): SgnsResult {
  const steps = sgnsSteps(items, tl, nItems, o, onProgress);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * trainSgns returning to the event loop every few hundred timelines (data/yield-point.ts): an interrupt stops a long
 * fit within a fraction of a second. The same vectors, byte for byte.
 */
export async function trainSgnsYielding(
  items: Int32Array,
  tl: Timelines,
  nItems: number,
  o: SgnsOptions,
  onProgress?: SgnsProgress,
): Promise<SgnsResult> {
  const steps = sgnsSteps(items, tl, nItems, o, onProgress);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await yieldPoint();
  }
}

/** The fit, pausing (yield) between chunks of timelines. */
function* sgnsSteps(
  items: Int32Array,
  tl: Timelines,
  nItems: number,
  o: SgnsOptions,
  onProgress?: SgnsProgress,
): Generator<void, SgnsResult> {
  const D = o.dim;
  if (D > 4096) throw new UsageError(`--dim ${D} is over 4,096`);
  if (o.negatives >= SgnsKernel.maxTargets)
    throw new UsageError(`--negatives ${o.negatives} is over ${SgnsKernel.maxTargets - 1}`);
  const random = seededRandom(o.seed);
  const counts = new Float64Array(nItems);
  for (let x = 0; x < tl.events.length; x++) counts[items[tl.events[x]]]++;
  // rows of the items that train (seen at least --min-count times); the others get no vector (zeros),
  // so they never show up as a neighbour or a recommendation
  const rowOf = new Int32Array(nItems).fill(-1);
  let rows = 0;
  let total = 0;
  for (let i = 0; i < nItems; i++) {
    if (counts[i] === 0 || counts[i] < o.minCount) continue;
    rowOf[i] = rows++;
    total += counts[i];
  }
  if (rows === 0)
    throw new CartliftError(
      "no_training_items",
      "item2vec: no item reaches --min-count",
      "lower --min-count or train on more data",
    );
  const noise = new Float64Array(rows);
  for (let i = 0; i < nItems; i++) if (rowOf[i] >= 0) noise[rowOf[i]] = Math.pow(counts[i], 0.75);
  const negatives = new AliasTable(noise);
  // word2vec's keep probability for frequent items
  const keep = Float64Array.from(counts, (c) =>
    o.sample > 0 && c > 0 ? Math.min(1, (Math.sqrt(c / (o.sample * total)) + 1) * ((o.sample * total) / c)) : 1,
  );
  const kernel = new SgnsKernel(rows, D);
  // uniform in (-1/D, 1/D), gensim 4's start (word2vec.c used half that)
  for (let r = 0; r < rows; r++)
    for (let d = 0; d < D; d++) kernel.input[r * kernel.stride + d] = (random() * 2 - 1) / D;
  const sequence = new Int32Array(Math.max(1, maxLength(tl)));
  const totalWords = o.epochs * tl.events.length;
  let words = 0;
  let nextReport = PROGRESS_EVERY;
  let alpha = o.alpha;
  let alphaUntil = 0;
  let pairs = 0;
  const lossPerEpoch: number[] = [];
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    let loss = 0;
    let epochPairs = 0;
    for (let t = 0; t + 1 < tl.offsets.length; t++) {
      if ((t & 255) === 255) yield;
      // the timeline's items that pass min-count and subsampling
      let n = 0;
      for (let x = tl.offsets[t]; x < tl.offsets[t + 1]; x++) {
        const item = items[tl.events[x]];
        if (rowOf[item] >= 0 && random() < keep[item]) sequence[n++] = rowOf[item];
      }
      if (t === 0 || words >= alphaUntil) {
        alpha = Math.max(o.minAlpha, o.alpha - (o.alpha - o.minAlpha) * (words / totalWords));
        alphaUntil = words + ALPHA_EVERY;
      }
      words += tl.offsets[t + 1] - tl.offsets[t];
      for (let c = 0; c < n; c++) {
        const b = 1 + Math.floor(random() * o.window);
        // as word2vec: the context item's input vector learns to predict the centre item
        for (let j = Math.max(0, c - b); j <= Math.min(n - 1, c + b); j++) {
          if (j === c) continue;
          const centre = sequence[c];
          kernel.positive(centre);
          for (let s = 0; s < o.negatives; s++) {
            const row = negatives.draw(random);
            if (row !== centre) kernel.negative(row);
          }
          loss += kernel.train(sequence[j], alpha);
          epochPairs++;
        }
      }
      if (words >= nextReport) {
        nextReport = words + PROGRESS_EVERY;
        onProgress?.({
          words,
          totalWords,
          epoch: epoch + 1,
          epochs: o.epochs,
          lastLoss: lossPerEpoch.at(-1),
          epochEnd: false,
        });
      }
    }
    pairs += epochPairs;
    const mean = epochPairs > 0 ? loss / epochPairs : 0;
    if (!Number.isFinite(mean))
      throw new CartliftError(
        "diverged",
        `item2vec diverged in epoch ${epoch + 1} (loss ${mean})`,
        "lower --alpha",
        EXIT.internal,
      );
    lossPerEpoch.push(mean);
    onProgress?.({ words, totalWords, epoch: epoch + 1, epochs: o.epochs, lastLoss: mean, epochEnd: true });
  }
  const trained = kernel.vectors();
  const vectors = new Float32Array(nItems * D);
  for (let i = 0; i < nItems; i++)
    if (rowOf[i] >= 0) vectors.set(trained.subarray(rowOf[i] * D, (rowOf[i] + 1) * D), i * D);
  return { vectors, lossPerEpoch, pairs, words };
}

function maxLength(tl: Timelines): number {
  let m = 0;
  for (let t = 0; t + 1 < tl.offsets.length; t++) m = Math.max(m, tl.offsets[t + 1] - tl.offsets[t]);
  return m;
}
