import type { Tf } from "../../tensor/tensor-backend.js";

type Tensor = ReturnType<Tf["add"]>;

/** The constant inputs of a LambdaRank-style loss for one padded batch of B queries of W rows. */
export interface LambdaInputs {
  /** Relevant rows per query at most (R). */
  R: number;
  /** [B][R][W]: one-hot of each query's r-th relevant row (all zero past its relevant rows). */
  pick: Float32Array;
  /** [B][R]: 1 for a real relevant slot. */
  relValid: Float32Array;
  /** [B][W]: 1 for a real row that is not relevant (the other side of every pair). */
  other: Float32Array;
  /** [B][W] and [B][R]: each row's NDCG discount at its current rank, 1 / log2(1 + rank) / IDCG. */
  disc: Float32Array;
  discRel: Float32Array;
}

/**
 * The pairs and weights of LambdaRank (Burges 2010) from the current scores: every (relevant, other) pair of a query,
 * weighted by |delta NDCG| of swapping the two at their current ranks, |1 / log2(1 + r_i) - 1 / log2(1 + r_j)| / IDCG
 * (binary gains). Ranks count the query's real rows that score higher (ties by row). Computed outside the gradient.
 */
export function lambdaInputs(
  scores: Float32Array,
  mask: Float32Array,
  labels: Float32Array,
  B: number,
  W: number,
): LambdaInputs {
  let R = 1;
  for (let b = 0; b < B; b++) {
    let n = 0;
    for (let w = 0; w < W; w++) if (labels[b * W + w] > 0) n++;
    R = Math.max(R, n);
  }
  const pick = new Float32Array(B * R * W);
  const relValid = new Float32Array(B * R);
  const other = new Float32Array(B * W);
  const disc = new Float32Array(B * W);
  const discRel = new Float32Array(B * R);
  const order = new Int32Array(W);
  for (let b = 0; b < B; b++) {
    let n = 0;
    let nRel = 0;
    for (let w = 0; w < W; w++)
      if (mask[b * W + w] > 0) {
        order[n++] = w;
        if (labels[b * W + w] > 0) nRel++;
      }
    const rows = order.subarray(0, n);
    rows.sort((p, q) => scores[b * W + q] - scores[b * W + p] || p - q);
    let idcg = 0;
    for (let k = 1; k <= nRel; k++) idcg += 1 / Math.log2(1 + k);
    for (let r = 0; r < n; r++) disc[b * W + rows[r]] = idcg > 0 ? 1 / Math.log2(2 + r) / idcg : 0;
    let slot = 0;
    for (let w = 0; w < W; w++) {
      if (!(mask[b * W + w] > 0)) continue;
      if (labels[b * W + w] > 0) {
        pick[(b * R + slot) * W + w] = 1;
        relValid[b * R + slot] = 1;
        discRel[b * R + slot] = disc[b * W + w];
        slot++;
      } else other[b * W + w] = 1;
    }
  }
  return { R, pick, relValid, other, disc, discRel };
}

/**
 * The LambdaRank-style loss of a batch on TensorFlow.js: the sum over each query's (relevant i, other j) pairs of
 * |delta NDCG_ij| * log(1 + exp(-(s_i - s_j))), averaged over the queries. The relevant rows' scores are picked by a
 * batched matrix product with one-hot rows (no gather, whose gradient the wasm backend lacks).
 */
export function lambdaLoss(tf: Tf, logits: Tensor, c: LambdaInputs, B: number, W: number): Tensor {
  const { R } = c;
  const pick = tf.tensor3d(c.pick, [B, R, W]);
  // [B, R, 1]: each relevant slot's score
  const sRel = tf.matMul(pick, tf.reshape(logits, [B, W, 1]));
  const diff = tf.sub(sRel, tf.reshape(logits, [B, 1, W]));
  const weight = tf.abs(tf.sub(tf.tensor3d(c.discRel, [B, R, 1]), tf.tensor3d(c.disc, [B, 1, W])));
  const pairs = tf.mul(tf.tensor3d(c.relValid, [B, R, 1]), tf.tensor3d(c.other, [B, 1, W]));
  const loss = tf.mul(tf.mul(pairs, weight), tf.softplus(tf.neg(diff)));
  return tf.div(tf.sum(loss), B);
}

/** The same loss in plain TypeScript over ragged queries (rows [offsets[q], offsets[q + 1])): the oracle of tests. */
export function lambdaLossPlain(scores: Float32Array, labels: Float32Array, offsets: Int32Array): number {
  const Q = offsets.length - 1;
  let total = 0;
  for (let q = 0; q < Q; q++) {
    const from = offsets[q];
    const n = offsets[q + 1] - from;
    const rank = (i: number) => {
      let r = 1;
      for (let j = 0; j < n; j++)
        if (scores[from + j] > scores[from + i] || (scores[from + j] === scores[from + i] && j < i)) r++;
      return r;
    };
    let nRel = 0;
    for (let i = 0; i < n; i++) if (labels[from + i] > 0) nRel++;
    let idcg = 0;
    for (let k = 1; k <= nRel; k++) idcg += 1 / Math.log2(1 + k);
    for (let i = 0; i < n; i++) {
      if (!(labels[from + i] > 0)) continue;
      for (let j = 0; j < n; j++) {
        if (labels[from + j] > 0) continue;
        const w = Math.abs(1 / Math.log2(1 + rank(i)) - 1 / Math.log2(1 + rank(j))) / idcg;
        total += w * Math.log1p(Math.exp(-(scores[from + i] - scores[from + j])));
      }
    }
  }
  return Q > 0 ? total / Q : 0;
}
