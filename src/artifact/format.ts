/**
 * The cartlift model file, defined once here for the writer and the reader (docs/model-format.md).
 *
 *   bytes 0..7    magic "CARTLIFT"
 *   bytes 8..11   format major version (uint32 LE)
 *   bytes 12..15  header length H (uint32 LE)
 *   bytes 16..    header: UTF-8 JSON { manifest, sections: [{ name, dtype, length, offset, crc32 }] }
 *   then          sections, each starting at a multiple of 8 bytes from the file start, little-endian
 *
 * `offset` is from the start of the file, `length` counts elements of `dtype`. A reader refuses a
 * newer major version, a bad magic, a section outside the file or a crc32 mismatch.
 */
export const MAGIC = "CARTLIFT";
export const FORMAT_VERSION = 1;
export const PREAMBLE_BYTES = 16;

export type SectionType = "int32" | "float32" | "float64" | "uint8";
export type SectionArray = Int32Array | Float32Array | Float64Array | Uint8Array;

export interface SectionEntry {
  name: string;
  dtype: SectionType;
  length: number;
  offset: number;
  crc32: number;
}

export interface ModelManifest {
  format: "cartlift-model";
  /** "covis", "popular", "history", ... (the registry name). */
  kind: string;
  cartliftVersion: string;
  /** Training options as given. */
  params: Record<string, unknown>;
  items: number;
  /** What the model was trained on: the dataset's sources and the time window. */
  data: { sources: { path: string; sha256: string }[]; from: string | null; to: string | null; until: string | null };
}

export const BYTES: Record<SectionType, number> = { int32: 4, float32: 4, float64: 8, uint8: 1 };

export function dtypeOf(a: SectionArray): SectionType {
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  return "uint8";
}

export const align8 = (n: number) => (n + 7) & ~7;
