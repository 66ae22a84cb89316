import { RankerScorer, type DenseLayer } from "./ranker.js";
import type { RankingRows } from "./train-ranker.js";
import { solveLinear } from "../../stats/linear-solve.js";

/** The training queries the cut is fitted on (their rows are scored by the network once). */
const CUT_QUERIES = 4000;
/** The cut learns which candidates are among the network's best CUT_TOP of their query. */
export const CUT_TOP = 40;

/**
 * The first cut's weights (cut.ts): a linear function of the normalised features fitted by least squares to whether
 * the trained network ranks the candidate among the best CUT_TOP of its query (1 or 0; features and targets centred
 * on the query's mean, so that only the order inside a query counts), with a small ridge. Fitted on up to
 * CUT_QUERIES training queries, taken evenly. (Fitted to the network's scores instead, the cut kept all of the
 * network's top 20 in 80% of the lists at 50 candidates; fitted to this target, in 98%: docs/rerank.md.)
 */
export function fitCut(rows: RankingRows, train: Int32Array, layers: readonly DenseLayer[]): Float32Array {
  const { F, x, offsets } = rows;
  // the network on normalised rows: a scorer with mean 0 and std 1
  const scorer = new RankerScorer({
    kind: "mlp",
    mean: new Float32Array(F),
    std: new Float32Array(F).fill(1),
    layers,
  });
  const xtx = new Float64Array(F * F);
  const xty = new Float64Array(F);
  const step = Math.max(1, train.length / CUT_QUERIES);
  let scores = new Float32Array(256);
  let order = new Int32Array(256);
  let top = new Float32Array(256);
  const mean = new Float64Array(F);
  const c = new Float64Array(F);
  for (let at = 0; at < train.length; at += step) {
    const q = train[Math.floor(at)];
    const from = offsets[q];
    const n = offsets[q + 1] - from;
    if (n < 2) continue;
    if (scores.length < n) {
      scores = new Float32Array(n * 2);
      order = new Int32Array(n * 2);
      top = new Float32Array(n * 2);
    }
    const block = x.subarray(from * F, (from + n) * F);
    scorer.score(block, n, scores);
    const ranked = order.subarray(0, n);
    for (let r = 0; r < n; r++) ranked[r] = r;
    ranked.sort((a, b) => scores[b] - scores[a] || a - b);
    top.fill(0, 0, n);
    for (let r = 0; r < Math.min(n, CUT_TOP); r++) top[ranked[r]] = 1;
    mean.fill(0);
    let yMean = 0;
    for (let r = 0; r < n; r++) {
      yMean += top[r] / n;
      for (let f = 0; f < F; f++) mean[f] += block[r * F + f] / n;
    }
    for (let r = 0; r < n; r++) {
      const y = top[r] - yMean;
      for (let f = 0; f < F; f++) c[f] = block[r * F + f] - mean[f];
      for (let i = 0; i < F; i++) {
        if (c[i] === 0) continue;
        xty[i] += c[i] * y;
        for (let j = 0; j < F; j++) xtx[i * F + j] += c[i] * c[j];
      }
    }
  }
  let trace = 0;
  for (let i = 0; i < F; i++) trace += xtx[i * F + i];
  const ridge = 1e-6 * (trace / F) + 1e-12;
  for (let i = 0; i < F; i++) xtx[i * F + i] += ridge;
  return Float32Array.from(solveLinear(xtx, xty, F));
}
