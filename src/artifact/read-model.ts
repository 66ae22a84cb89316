import { crc32 } from "node:zlib";
import { InputError } from "../errors.js";
import {
  BYTES,
  FORMAT_MAJOR,
  HEADER_CRC_BYTES,
  HEADER_CRC_MINOR,
  MAGIC,
  MAX_HEADER_BYTES,
  PREAMBLE_BYTES,
  sectionView,
  type ModelManifest,
  type SectionArray,
  type SectionEntry,
} from "./format.js";

export interface LoadedModelFile {
  manifest: ModelManifest;
  sections: Map<string, SectionArray>;
  /** Format version of the file, e.g. "1.1". */
  version: string;
  bytes: number;
}

/**
 * Verifies and splits a model file's bytes. Every length is checked against the buffer before use,
 * so a damaged or hostile file gives an error, never an allocation beyond its own size or a hang.
 */
export function parseModel(buf: Uint8Array, path: string): LoadedModelFile {
  const bad = (what: string) =>
    new InputError("bad_model", `${path}: not a valid cartlift model (${what})`, {
      file: path,
      hint: "retrain it with cartlift train, or re-export it",
    });
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.length < PREAMBLE_BYTES || Buffer.from(buf.subarray(0, 8)).toString("latin1") !== MAGIC)
    throw bad("wrong magic bytes");
  const major = view.getUint16(8, true);
  const minor = view.getUint16(10, true);
  if (major > FORMAT_MAJOR)
    throw new InputError(
      "newer_model",
      `${path} was written by a newer cartlift (model format ${major}.${minor}, this one reads ${FORMAT_MAJOR}.x)`,
      { file: path, hint: "upgrade cartlift" },
    );
  const headerLength = view.getUint32(12, true);
  if (headerLength > MAX_HEADER_BYTES) throw bad(`a header of ${headerLength} bytes`);
  const checked = major === FORMAT_MAJOR && minor >= HEADER_CRC_MINOR;
  if (PREAMBLE_BYTES + headerLength + (checked ? HEADER_CRC_BYTES : 0) > buf.length) throw bad("truncated header");
  if (checked) {
    const stored = view.getUint32(PREAMBLE_BYTES + headerLength, true);
    if (crc32(buf.subarray(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength)) !== stored)
      throw bad("the header fails its checksum (corrupted)");
  }
  let header: { manifest: ModelManifest; sections: SectionEntry[] };
  try {
    header = JSON.parse(Buffer.from(buf.buffer, buf.byteOffset + PREAMBLE_BYTES, headerLength).toString("utf8"));
  } catch {
    throw bad("unreadable header");
  }
  if (
    header?.manifest?.format !== "cartlift-model" ||
    typeof header.manifest.kind !== "string" ||
    !Array.isArray(header.sections)
  )
    throw bad("unexpected header");
  const sections = new Map<string, SectionArray>();
  for (const e of header.sections) {
    if (typeof e !== "object" || e === null || typeof e.name !== "string") throw bad("unexpected section entry");
    if (!Object.hasOwn(BYTES, e.dtype)) continue; // a later minor's dtype: a section this reader cannot use
    const width = BYTES[e.dtype];
    if (
      !Number.isSafeInteger(e.offset) ||
      !Number.isSafeInteger(e.length) ||
      e.offset < 0 ||
      e.length < 0 ||
      e.offset % 8 !== 0 ||
      e.offset + e.length * width > buf.length
    )
      throw bad(`section "${e.name}" lies outside the file (truncated?)`);
    if (sections.has(e.name)) throw bad(`section "${e.name}" appears twice`);
    const bytes = buf.subarray(e.offset, e.offset + e.length * width);
    if (crc32(bytes) !== e.crc32) throw bad(`section "${e.name}" fails its checksum (corrupted)`);
    sections.set(e.name, sectionView(e.dtype, bytes));
  }
  return { manifest: header.manifest, sections, version: `${major}.${minor}`, bytes: buf.length };
}
