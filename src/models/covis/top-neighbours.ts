import type { Csr } from "../../data/csr.js";

/** Scored pairs (a -> b), in any order. */
export interface ScoredPairs {
  a: Int32Array;
  b: Int32Array;
  score: Float64Array;
  length: number;
}

/**
 * The k best neighbours of every anchor as a Csr with nItems rows: score descending, scores rounded
 * to 1e-9 so that float noise never decides, ties broken by neighbour code (deterministic).
 */
export function topNeighbours(pairs: ScoredPairs, nItems: number, k: number): Csr {
  const { a, b, score, length } = pairs;
  const start = new Int32Array(nItems + 1);
  for (let i = 0; i < length; i++) start[a[i] + 1]++;
  for (let r = 0; r < nItems; r++) start[r + 1] += start[r];
  const next = start.slice(0, nItems);
  const byAnchor = new Int32Array(length);
  for (let i = 0; i < length; i++) byAnchor[next[a[i]]++] = i;

  const indptr = new Int32Array(nItems + 1);
  for (let r = 0; r < nItems; r++) indptr[r + 1] = indptr[r] + Math.min(k, start[r + 1] - start[r]);
  const indices = new Int32Array(indptr[nItems]);
  const data = new Float64Array(indptr[nItems]);
  const rounded = (i: number) => Math.round(score[i] * 1e9) / 1e9;
  for (let r = 0; r < nItems; r++) {
    const from = start[r];
    const to = start[r + 1];
    if (from === to) continue;
    const row = Array.from(byAnchor.subarray(from, to));
    row.sort((x, y) => rounded(y) - rounded(x) || b[x] - b[y]);
    for (let q = 0; q < indptr[r + 1] - indptr[r]; q++) {
      indices[indptr[r] + q] = b[row[q]];
      data[indptr[r] + q] = rounded(row[q]);
    }
  }
  return { rows: nItems, indptr, indices, data };
}
