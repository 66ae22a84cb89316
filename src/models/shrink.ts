import { csrValue, type Csr, type ScaledCsr } from "../data/csr.js";
import { PopularModel } from "./baselines/popular.js";

/**
 * Shrinking for a serving artifact: `newCode[old]` is an item's code in the smaller catalogue, -1 when it is dropped
 * (rows of dropped items and entries pointing to them disappear; the order of what stays is kept). Kept items keep
 * their relative order: newCode increases with the old code.
 */
export function shrinkPopular(p: PopularModel, newCode: Int32Array, nItems: number): PopularModel {
  const keep = [];
  for (let r = 0; r < p.ranked.length; r++) if (newCode[p.ranked[r]] >= 0) keep.push(r);
  return new PopularModel(
    nItems,
    Int32Array.from(keep, (r) => newCode[p.ranked[r]]),
    Float32Array.from(keep, (r) => p.rankedScores[r]),
  );
}

/** Neighbour lists on the smaller catalogue, at most k per item (null: all). */
export function shrinkCsr(m: ScaledCsr, newCode: Int32Array, nItems: number, k: number | null): Csr {
  const indptr = new Int32Array(nItems + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let old = 0; old < m.rows; old++) {
    const row = newCode[old];
    if (row < 0) continue;
    let kept = 0;
    for (let x = m.indptr[old]; x < m.indptr[old + 1] && (k === null || kept < k); x++) {
      const nb = newCode[m.indices[x]];
      if (nb < 0) continue;
      indices.push(nb);
      data.push(csrValue(m, old, x));
      kept++;
    }
    indptr[row + 1] = kept;
  }
  for (let r = 0; r < nItems; r++) indptr[r + 1] += indptr[r];
  return { rows: nItems, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) };
}

/** Rows of item-major vectors on the smaller catalogue. */
export function shrinkRows(vectors: Float32Array, dim: number, newCode: Int32Array, nItems: number): Float32Array {
  const out = new Float32Array(nItems * dim);
  for (let old = 0; old < newCode.length; old++)
    if (newCode[old] >= 0) out.set(vectors.subarray(old * dim, (old + 1) * dim), newCode[old] * dim);
  return out;
}
