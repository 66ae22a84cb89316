import type { TensorLib } from "../../tensor/tensor-backend.js";
import type { HistoryEvent, Recommendation } from "../recommender.js";
import type { Item2VecModel } from "./item2vec-model.js";

/** Extra candidates per query beyond k, so float32 near-ties rarely force an exact scan. */
const MARGIN = 8;
/** Score block size in floats (64 MiB): queries per block = this / items. */
const BLOCK_FLOATS = 1 << 24;

export interface DenseAnswers {
  answers: Recommendation[];
  /** Queries whose float32 candidates could not prove the top k, answered by recommend()'s own scan. */
  rescanned: number;
}

/**
 * item2vec's recommend() for many histories at once (evaluation's cases), with the dense work on
 * TensorFlow.js: a block of query vectors times the transposed table in one matMul, topk of k + MARGIN
 * candidates per query. Each query is then answered by `recommendAmong` over its candidates, which
 * scores them exactly as recommend() does; when its k-th score beats every other item's bound (the
 * last candidate's float32 score plus the float32 error of a dot product of this query with a unit
 * vector), the answer is recommend()'s own. Otherwise, and for histories without a known item, the
 * query goes through recommend() itself. Answers equal recommend()'s in every case (tested).
 */
export async function denseRecommendations(model: Item2VecModel, histories: readonly (readonly HistoryEvent[])[], k: number, lib: TensorLib, onProgress?: (done: number, total: number) => void): Promise<DenseAnswers> {
  const { tf } = lib;
  const n = model.nItems;
  const D = model.dim;
  const width = Math.min(n, k + MARGIN);
  const blockRows = Math.max(1, Math.min(1024, Math.floor(BLOCK_FLOATS / Math.max(1, n))));
  const tableT = tf.tidy(() => tf.tensor2d(model.vectors, [n, D]).transpose());
  const answers: Recommendation[] = new Array(histories.length);
  const queries = new Float32Array(blockRows * D);
  const norms = new Float64Array(blockRows);
  const rows: number[] = [];
  const candidates = new Int32Array(width);
  let rescanned = 0;
  try {
    for (let start = 0; start < histories.length; start += blockRows) {
      const end = Math.min(histories.length, start + blockRows);
      rows.length = 0;
      for (let c = start; c < end; c++) {
        const q = queries.subarray(rows.length * D, (rows.length + 1) * D);
        if (!model.queryOf(histories[c], q)) answers[c] = model.recommend(histories[c], { k }); // the popular list
        else {
          norms[rows.length] = Math.hypot(...q);
          rows.push(c);
        }
      }
      if (rows.length === 0) continue;
      const top = tf.tidy(() => tf.topk(tf.matMul(tf.tensor2d(queries.subarray(0, rows.length * D), [rows.length, D]), tableT), width));
      const [values, positions] = await Promise.all([top.values.data(), top.indices.data()]);
      tf.dispose([top.values, top.indices]);
      rows.forEach((c, r) => {
        for (let x = 0; x < width; x++) candidates[x] = positions[r * width + x];
        const { answer, kth } = model.recommendAmong(histories[c], queries.subarray(r * D, (r + 1) * D), candidates, { k });
        // float32 error of a dot product with a unit vector (n u / (1 - n u) with slack), and of the float32 score
        const gamma = ((4 * D + 4) * norms[r]) / 2 ** 24;
        const outside = values[r * width + width - 1] + gamma;
        if (width === n || (kth > 0 ? kth > outside : outside <= 0)) answers[c] = answer;
        else {
          answers[c] = model.recommend(histories[c], { k });
          rescanned++;
        }
      });
      onProgress?.(end, histories.length);
    }
  } finally {
    tableT.dispose();
  }
  return { answers, rescanned };
}
