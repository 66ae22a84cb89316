import type { Csr } from "../data/csr.js";
import type { SectionArray } from "./format.js";

/** How neighbour scores are stored: full float64, or quantised to 16 or 8 bits with a scale per row. */
export type Quantize = 16 | 8 | "none";

/**
 * The sections of one neighbour list named `<name>_...` (docs/artifact-format.md):
 * - full precision: `_indptr` int32, `_indices` int32, `_data` float64;
 * - quantised: `_indptr` uint32, `_indices` uint32, `_q16` uint16 (or `_q8` uint8) and `_row_scale`
 *   float32, score = q x row_scale[row]. Rows are stored best first, so the order survives rounding.
 */
export function neighbourSections(name: string, m: Csr, quantize: Quantize): Record<string, SectionArray> {
  if (quantize === "none") return { [`${name}_indptr`]: m.indptr, [`${name}_indices`]: m.indices, [`${name}_data`]: m.data };
  const levels = quantize === 16 ? 65535 : 255;
  const scale = new Float32Array(m.rows);
  const q = quantize === 16 ? new Uint16Array(m.indices.length) : new Uint8Array(m.indices.length);
  for (let r = 0; r < m.rows; r++) {
    let max = 0;
    for (let x = m.indptr[r]; x < m.indptr[r + 1]; x++) max = Math.max(max, m.data[x]);
    scale[r] = max / levels;
    const s = scale[r];
    for (let x = m.indptr[r]; x < m.indptr[r + 1]; x++) q[x] = s > 0 ? Math.min(levels, Math.round(m.data[x] / s)) : 0;
  }
  return {
    [`${name}_indptr`]: new Uint32Array(m.indptr.buffer, m.indptr.byteOffset, m.indptr.length),
    [`${name}_indices`]: new Uint32Array(m.indices.buffer, m.indices.byteOffset, m.indices.length),
    [`${name}_q${quantize}`]: q,
    [`${name}_row_scale`]: scale,
  };
}

/** The neighbour list `name` from whichever form the file holds; null when absent. Shapes are checked by the caller. */
export function readNeighbourSections(name: string, rows: number, sections: ReadonlyMap<string, SectionArray>): Csr | null {
  const indptr = sections.get(`${name}_indptr`);
  const indices = sections.get(`${name}_indices`);
  if (!indptr || !indices) return null;
  const asInt32 = (a: SectionArray) => (a instanceof Int32Array ? a : new Int32Array(a.buffer, a.byteOffset, a.length));
  const full = sections.get(`${name}_data`);
  if (full instanceof Float64Array) return { rows, indptr: asInt32(indptr), indices: asInt32(indices), data: full };
  const q = sections.get(`${name}_q16`) ?? sections.get(`${name}_q8`);
  const scale = sections.get(`${name}_row_scale`);
  if (!q || !(scale instanceof Float32Array) || scale.length !== rows) return null;
  const ptr = asInt32(indptr);
  const data = new Float64Array(q.length);
  for (let r = 0; r < rows; r++) {
    const s = scale[r];
    const end = Math.min(ptr[r + 1], q.length);
    for (let x = Math.max(0, ptr[r]); x < end; x++) data[x] = q[x] * s;
  }
  return { rows, indptr: ptr, indices: asInt32(indices), data };
}
