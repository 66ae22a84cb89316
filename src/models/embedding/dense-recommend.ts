import { blockTopK, float32DotError } from "../../tensor/block-top-k.js";
import type { TensorLib } from "../../tensor/tensor-backend.js";
import type { HistoryEvent, Recommendation } from "../recommender.js";
import type { Item2VecModel } from "./item2vec-model.js";

/** Extra candidates per query beyond k, so float32 near-ties rarely force an exact scan. */
const MARGIN = 8;

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
export async function denseRecommendations(
  model: Item2VecModel,
  histories: readonly (readonly HistoryEvent[])[],
  k: number,
  lib: TensorLib,
  onProgress?: (done: number, total: number) => void,
): Promise<DenseAnswers> {
  const D = model.dim;
  const width = Math.min(model.nItems, k + MARGIN);
  const answers: Recommendation[] = new Array(histories.length);
  let queries = new Float32Array(0);
  const cases: number[] = []; // the block's cases with a query, by query row
  const queryOf = (start: number, end: number): Float32Array => {
    if (queries.length < (end - start) * D) queries = new Float32Array((end - start) * D);
    cases.length = 0;
    for (let c = start; c < end; c++) {
      if (model.queryOf(histories[c], queries.subarray(cases.length * D, (cases.length + 1) * D))) cases.push(c);
      else answers[c] = model.recommend(histories[c], { k }); // no known item: the popular list
    }
    return queries.subarray(0, cases.length * D);
  };
  const candidates = new Int32Array(width);
  let rescanned = 0;
  for await (const { end, values, positions } of blockTopK(lib, model.vectors, D, histories.length, width, queryOf)) {
    cases.forEach((c, r) => {
      for (let x = 0; x < width; x++) candidates[x] = positions[r * width + x];
      const q = queries.subarray(r * D, (r + 1) * D);
      const { answer, kth } = model.recommendAmong(histories[c], q, candidates, { k });
      const outside = values[r * width + width - 1] + float32DotError(D, Math.hypot(...q));
      if (width === model.nItems || (kth > 0 ? kth > outside : outside <= 0)) answers[c] = answer;
      else {
        answers[c] = model.recommend(histories[c], { k });
        rescanned++;
      }
    });
    onProgress?.(end, histories.length);
  }
  return { answers, rescanned };
}
