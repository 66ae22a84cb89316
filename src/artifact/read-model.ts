import { readFileSync } from "node:fs";
import { crc32 } from "node:zlib";
import { InputError } from "../errors.js";
import { BYTES, FORMAT_VERSION, MAGIC, PREAMBLE_BYTES, type ModelManifest, type SectionArray, type SectionEntry } from "./format.js";

export interface LoadedModelFile {
  manifest: ModelManifest;
  sections: Map<string, SectionArray>;
}

/** Reads and verifies a model file; every problem is an InputError naming the file. */
export function readModel(path: string): LoadedModelFile {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new InputError("model_not_found", `${path}: cannot read the model (${(e as Error).message})`, { file: path });
  }
  const bad = (what: string) => new InputError("bad_model", `${path}: not a valid cartlift model (${what})`, { file: path, hint: "retrain it with cartlift train" });
  if (buf.length < PREAMBLE_BYTES || buf.toString("latin1", 0, 8) !== MAGIC) throw bad("wrong magic bytes");
  const version = buf.readUInt32LE(8);
  if (version > FORMAT_VERSION) throw new InputError("newer_model", `${path} was written by a newer cartlift (model format ${version}, this one reads ${FORMAT_VERSION})`, { file: path, hint: "upgrade cartlift" });
  const headerLength = buf.readUInt32LE(12);
  if (PREAMBLE_BYTES + headerLength > buf.length) throw bad("truncated header");
  let header: { manifest: ModelManifest; sections: SectionEntry[] };
  try {
    header = JSON.parse(buf.toString("utf8", PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength));
  } catch {
    throw bad("unreadable header");
  }
  if (header?.manifest?.format !== "cartlift-model" || !Array.isArray(header.sections)) throw bad("unexpected header");
  const sections = new Map<string, SectionArray>();
  for (const e of header.sections) {
    const width = BYTES[e.dtype];
    if (!width || !Number.isSafeInteger(e.offset) || !Number.isSafeInteger(e.length) || e.offset < 0 || e.length < 0 || e.offset % 8 !== 0 || e.offset + e.length * width > buf.length)
      throw bad(`section "${e.name}" lies outside the file (truncated?)`);
    const bytes = buf.subarray(e.offset, e.offset + e.length * width);
    if (crc32(bytes) !== e.crc32) throw bad(`section "${e.name}" fails its checksum (corrupted)`);
    const copy = new Uint8Array(bytes); // aligned, owned memory
    const ab = copy.buffer;
    sections.set(e.name, e.dtype === "int32" ? new Int32Array(ab) : e.dtype === "float32" ? new Float32Array(ab) : e.dtype === "float64" ? new Float64Array(ab) : copy);
  }
  return { manifest: header.manifest, sections };
}
