import { csrValue, type ScaledCsr } from "../data/csr.js";
import type { SectionArray } from "./format.js";

/** How neighbour scores are stored: full float64, or quantised to 16 or 8 bits with a scale per row. */
export type Quantize = 16 | 8 | "none";

/**
 * The sections of one neighbour list named `<name>_...` (docs/artifact-format.md):
 * - full precision: `_indptr` int32, `_indices` int32, `_data` float64;
 * - quantised: `_indptr` uint32, `_indices` uint32, `_q16` uint16 (or `_q8` uint8) and `_row_scale`
 *   float32, score = q x row_scale[row]. Rows are stored best first, so the order survives rounding.
 */
export function neighbourSections(name: string, m: ScaledCsr, quantize: Quantize): Record<string, SectionArray> {
  if (quantize === "none") {
    const data =
      m.data instanceof Float64Array && !m.rowScale
        ? m.data
        : Float64Array.from({ length: m.indices.length }, (_, x) => csrValue(m, rowOf(m, x), x));
    return { [`${name}_indptr`]: m.indptr, [`${name}_indices`]: m.indices, [`${name}_data`]: data };
  }
  const levels = quantize === 16 ? 65535 : 255;
  const scale = new Float32Array(m.rows);
  const q = quantize === 16 ? new Uint16Array(m.indices.length) : new Uint8Array(m.indices.length);
  for (let r = 0; r < m.rows; r++) {
    let max = 0;
    for (let x = m.indptr[r]; x < m.indptr[r + 1]; x++) max = Math.max(max, csrValue(m, r, x));
    scale[r] = max / levels;
    const s = scale[r];
    for (let x = m.indptr[r]; x < m.indptr[r + 1]; x++)
      q[x] = s > 0 ? Math.min(levels, Math.round(csrValue(m, r, x) / s)) : 0;
  }
  return {
    [`${name}_indptr`]: new Uint32Array(m.indptr.buffer, m.indptr.byteOffset, m.indptr.length),
    [`${name}_indices`]: new Uint32Array(m.indices.buffer, m.indices.byteOffset, m.indices.length),
    [`${name}_q${quantize}`]: q,
    [`${name}_row_scale`]: scale,
  };
}

/**
 * The neighbour list `name` from whichever form the file holds, kept as stored (quantised lists keep
 * their codes and row scales: no dequantised copy); null when absent. Shapes are checked by the caller.
 */
export function readNeighbourSections(
  name: string,
  rows: number,
  sections: ReadonlyMap<string, SectionArray>,
): ScaledCsr | null {
  const indptr = sections.get(`${name}_indptr`);
  const indices = sections.get(`${name}_indices`);
  if (!indptr || !indices) return null;
  const asInt32 = (a: SectionArray) => (a instanceof Int32Array ? a : new Int32Array(a.buffer, a.byteOffset, a.length));
  const full = sections.get(`${name}_data`);
  if (full instanceof Float64Array) return { rows, indptr: asInt32(indptr), indices: asInt32(indices), data: full };
  const q = sections.get(`${name}_q16`) ?? sections.get(`${name}_q8`);
  const rowScale = sections.get(`${name}_row_scale`);
  if (
    !(q instanceof Uint16Array || q instanceof Uint8Array) ||
    !(rowScale instanceof Float32Array) ||
    rowScale.length !== rows
  )
    return null;
  return { rows, indptr: asInt32(indptr), indices: asInt32(indices), data: q, rowScale };
}

/** The row holding entry x (binary search over indptr). */
function rowOf(m: ScaledCsr, x: number): number {
  let lo = 0;
  let hi = m.rows - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (m.indptr[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
