import { fromFloat16, toFloat16 } from "./float16.js";
import { Float16Bits, type SectionArray } from "./format.js";
import type { Quantize } from "./neighbour-sections.js";

/**
 * The sections of an embedding table named `<name>...` (docs/artifact-format.md): float32 rows as
 * trained (`<name>`), float16 (`<name>_f16`) for 16 bits, or int8 with a float32 scale per row
 * (`<name>_q8`, `<name>_row_scale`: value = q x scale) for 8 bits.
 */
export function vectorSections(
  name: string,
  vectors: Float32Array,
  dim: number,
  quantize: Quantize,
): Record<string, SectionArray> {
  if (quantize === "none") return { [name]: vectors };
  if (quantize === 16) return { [`${name}_f16`]: Float16Bits.from(vectors, toFloat16) };
  const rows = vectors.length / dim;
  const q = new Int8Array(vectors.length);
  const scale = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let max = 0;
    for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(vectors[r * dim + d]));
    scale[r] = max / 127;
    if (scale[r] > 0) for (let d = 0; d < dim; d++) q[r * dim + d] = Math.round(vectors[r * dim + d] / scale[r]);
  }
  return { [`${name}_q8`]: q, [`${name}_row_scale`]: scale };
}

/** Names a reader may find for the table `name`. */
export const vectorSectionNames = (name: string) => [name, `${name}_f16`, `${name}_q8`, `${name}_row_scale`];

/** The table `name` as float32, from whichever form the file holds; null when absent or malformed. */
export function readVectorSections(
  name: string,
  rows: number,
  dim: number,
  sections: ReadonlyMap<string, SectionArray>,
): Float32Array | null {
  const full = sections.get(name);
  if (full instanceof Float32Array) return full.length === rows * dim ? full : null;
  const half = sections.get(`${name}_f16`);
  if (half instanceof Float16Bits) return half.length === rows * dim ? Float32Array.from(half, fromFloat16) : null;
  const q = sections.get(`${name}_q8`);
  const scale = sections.get(`${name}_row_scale`);
  if (!(q instanceof Int8Array) || !(scale instanceof Float32Array) || q.length !== rows * dim || scale.length !== rows)
    return null;
  const out = new Float32Array(q.length);
  for (let r = 0; r < rows; r++) for (let d = 0; d < dim; d++) out[r * dim + d] = q[r * dim + d] * scale[r];
  return out;
}
