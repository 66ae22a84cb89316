/**
 * The cartlift model file, defined once here for the writer and the reader (docs/artifact-format.md).
 * The files `cartlift train` writes and the compact artifacts of `cartlift export` share it.
 *
 *   bytes 0..7    magic "CARTLIFT"
 *   bytes 8..9    format major version (uint16 LE): a reader refuses a newer major
 *   bytes 10..11  format minor version (uint16 LE): additions a reader of the same major may ignore
 *   bytes 12..15  header length H (uint32 LE)
 *   bytes 16..    header: UTF-8 JSON { manifest, sections: [{ name, dtype, length, offset, crc32 }] }
 *   then 4 bytes  (1.2 and later) the CRC-32 of the header's bytes (uint32 LE)
 *   then          sections, each starting at a multiple of 8 bytes from the file start, little-endian
 *
 * `offset` is from the start of the file, `length` counts elements of `dtype`.
 */
export const MAGIC = "CARTLIFT";
export const FORMAT_MAJOR = 1;
/**
 * 1.1 added the uint16, uint32, int8 and float16 dtypes (quantised artifacts); 1.2 the header checksum.
 */
export const FORMAT_MINOR = 2;
export const PREAMBLE_BYTES = 16;
/** The first minor version whose header is followed by its CRC-32. */
export const HEADER_CRC_MINOR = 2;
export const HEADER_CRC_BYTES = 4;
/** No header is larger (the largest real one, a blend with many sections, is a few KiB). */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export type SectionType = "int32" | "float32" | "float64" | "uint8" | "uint16" | "uint32" | "int8" | "float16";
/** float16 sections are held as their raw bits in a Float16Bits (a Uint16Array marked as such). */
export type SectionArray =
  Int32Array | Float32Array | Float64Array | Uint8Array | Uint16Array | Uint32Array | Int8Array;

export interface SectionEntry {
  name: string;
  dtype: SectionType;
  length: number;
  offset: number;
  crc32: number;
}

export interface ModelManifest {
  format: "cartlift-model";
  /** "covis", "popular", "history", "blend" (the registry name). */
  kind: string;
  cartliftVersion: string;
  /** Training options as given. */
  params: Record<string, unknown>;
  items: number;
  /** What the model was trained on: the dataset's sources and the time window. */
  data: { sources: { path: string; sha256: string }[]; from: string | null; to: string | null; until: string | null };
  /** Set on exported artifacts: how they were made smaller (see cartlift export). */
  artifact?: { quantize: 16 | 8 | "none"; k: number | null; itemsSeenSince: string | null; sourceItems: number };
  /** When the model's data ends (from the data, never the clock, so builds are reproducible). */
  createdAt?: string | null;
  /** Evaluation figures, when known (cartlift export --metrics). */
  metrics?: Record<string, unknown>;
}

export const BYTES: Record<SectionType, number> = {
  int32: 4,
  float32: 4,
  float64: 8,
  uint8: 1,
  uint16: 2,
  uint32: 4,
  int8: 1,
  float16: 2,
};

/** The raw bits of a float16 section (see artifact/float16.ts); the writer stores it as dtype float16. */
export class Float16Bits extends Uint16Array {}

export function dtypeOf(a: SectionArray): SectionType {
  if (a instanceof Float16Bits) return "float16";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof Uint16Array) return "uint16";
  if (a instanceof Uint32Array) return "uint32";
  if (a instanceof Int8Array) return "int8";
  return "uint8";
}

/** A typed array of `dtype` over `bytes` (copied when not aligned for the element width). */
export function sectionView(dtype: SectionType, bytes: Uint8Array): SectionArray {
  const width = BYTES[dtype];
  const own = bytes.byteOffset % width === 0 ? bytes : new Uint8Array(bytes);
  const { buffer, byteOffset, byteLength } = own;
  const n = byteLength / width;
  switch (dtype) {
    case "int32":
      return new Int32Array(buffer, byteOffset, n);
    case "float32":
      return new Float32Array(buffer, byteOffset, n);
    case "float64":
      return new Float64Array(buffer, byteOffset, n);
    case "uint16":
      return new Uint16Array(buffer, byteOffset, n);
    case "float16":
      return new Float16Bits(buffer as ArrayBuffer, byteOffset, n);
    case "uint32":
      return new Uint32Array(buffer, byteOffset, n);
    case "int8":
      return new Int8Array(buffer, byteOffset, n);
    case "uint8":
      return own;
  }
}

export const align8 = (n: number) => (n + 7) & ~7;
