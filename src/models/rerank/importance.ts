import { seededRandom } from "../../data/random.js";
import { sliceQueries } from "./query-slice.js";
import { RankerScorer, type DenseLayer } from "./ranker.js";
import type { RankingRows } from "./train-ranker.js";

export interface FeatureImportance {
  feature: string;
  /** Validation loss with this feature's values permuted across the validation rows, minus the loss without. */
  lossIncrease: number;
}

/**
 * Permutation importance on the validation slice: for each feature, its column is shuffled (seeded) across the
 * validation queries' rows and the mean listwise loss is measured again with the trained network: by `scoreRows`
 * when given (training passes TensorFlow.js's forward pass: one large matrix product per feature), else the plain
 * forward pass.
 */
export function permutationImportance(
  rows: RankingRows,
  val: Int32Array,
  layers: readonly DenseLayer[],
  names: readonly string[],
  seed: number,
  scoreRows?: (x: Float32Array, F: number) => Float32Array,
): { baseLoss: number; features: FeatureImportance[] } {
  const F = rows.F;
  // the validation rows, copied (normalised already: the scorer's own scale is the identity)
  const { x, labels, offsets } = sliceQueries(rows, val);
  const n = labels.length;
  const scorer = new RankerScorer({
    kind: "mlp",
    mean: new Float32Array(F),
    std: new Float32Array(F).fill(1),
    layers,
  });
  const plain = new Float32Array(n);
  const loss = () => {
    if (scoreRows) return listwiseLoss(scoreRows(x, F), labels, offsets);
    scorer.score(x, n, plain);
    return listwiseLoss(plain, labels, offsets);
  };
  const baseLoss = loss();
  const random = seededRandom(seed);
  const column = new Float32Array(n);
  const features = names.map((feature, f) => {
    for (let r = 0; r < n; r++) column[r] = x[r * F + f];
    for (let r = n - 1; r > 0; r--) {
      const j = Math.floor(random() * (r + 1));
      const t = x[r * F + f];
      x[r * F + f] = x[j * F + f];
      x[j * F + f] = t;
    }
    const increase = loss() - baseLoss;
    for (let r = 0; r < n; r++) x[r * F + f] = column[r];
    return { feature, lossIncrease: increase };
  });
  features.sort((a, b) => b.lossIncrease - a.lossIncrease);
  return { baseLoss, features };
}

/** Mean over queries of the softmax cross-entropy of the scores against the labels. */
export function listwiseLoss(scores: Float32Array, labels: Float32Array, offsets: Int32Array): number {
  const Q = offsets.length - 1;
  let total = 0;
  for (let q = 0; q < Q; q++) {
    let max = -Infinity;
    for (let r = offsets[q]; r < offsets[q + 1]; r++) max = Math.max(max, scores[r]);
    let sum = 0;
    for (let r = offsets[q]; r < offsets[q + 1]; r++) sum += Math.exp(scores[r] - max);
    const lse = max + Math.log(sum);
    for (let r = offsets[q]; r < offsets[q + 1]; r++) if (labels[r] > 0) total -= labels[r] * (scores[r] - lse);
  }
  return Q > 0 ? total / Q : 0;
}
