import type { RankingRows } from "./train-ranker.js";

/** The rows of some queries (e.g. the validation slice), copied out in their order: query v's rows are v's block. */
export function sliceQueries(rows: RankingRows, queries: ArrayLike<number>): RankingRows {
  const F = rows.F;
  let n = 0;
  for (let v = 0; v < queries.length; v++) n += rows.offsets[queries[v] + 1] - rows.offsets[queries[v]];
  const x = new Float32Array(n * F);
  const labels = new Float32Array(n);
  const offsets = new Int32Array(queries.length + 1);
  for (let v = 0; v < queries.length; v++) {
    const from = rows.offsets[queries[v]];
    const to = rows.offsets[queries[v] + 1];
    x.set(rows.x.subarray(from * F, to * F), offsets[v] * F);
    labels.set(rows.labels.subarray(from, to), offsets[v]);
    offsets[v + 1] = offsets[v] + to - from;
  }
  return { F, x, labels, offsets };
}
