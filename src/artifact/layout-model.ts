import { crc32 } from "node:zlib";
import {
  align8,
  BYTES,
  dtypeOf,
  FORMAT_MAJOR,
  FORMAT_MINOR,
  HEADER_CRC_BYTES,
  MAGIC,
  PREAMBLE_BYTES,
  type ModelManifest,
  type SectionArray,
  type SectionEntry,
} from "./format.js";

/** Where each part of a model file goes: the file's size and (offset, bytes) pieces, sections in their own memory. */
export interface ModelFileLayout {
  size: number;
  parts: { offset: number; bytes: Uint8Array }[];
}

/** Lays out a model file: manifest plus named typed-array sections (see format.ts); io/ writes it. */
export function layoutModel(manifest: ModelManifest, sections: Record<string, SectionArray>): ModelFileLayout {
  const names = Object.keys(sections);
  const bytesOf = (a: SectionArray) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  // the header holds the offsets, which depend on the header's length: lay out with a provisional
  // header, then again until the length is stable (two rounds at most in practice)
  let headerBytes = 0;
  let entries: SectionEntry[] = [];
  for (let round = 0; round < 4; round++) {
    let at = align8(PREAMBLE_BYTES + headerBytes + HEADER_CRC_BYTES);
    entries = names.map((name) => {
      const a = sections[name];
      const e = { name, dtype: dtypeOf(a), length: a.length, offset: at, crc32: crc32(bytesOf(a)) };
      at = align8(at + a.length * BYTES[e.dtype]);
      return e;
    });
    const next = Buffer.byteLength(JSON.stringify({ manifest, sections: entries }));
    if (next === headerBytes) break;
    headerBytes = next;
  }
  const header = Buffer.from(JSON.stringify({ manifest, sections: entries }));
  const last = entries[entries.length - 1];
  const size = last
    ? last.offset + last.length * BYTES[last.dtype]
    : align8(PREAMBLE_BYTES + header.length + HEADER_CRC_BYTES);
  const preamble = Buffer.alloc(PREAMBLE_BYTES);
  preamble.write(MAGIC, 0, "latin1");
  preamble.writeUInt16LE(FORMAT_MAJOR, 8);
  preamble.writeUInt16LE(FORMAT_MINOR, 10);
  preamble.writeUInt32LE(header.length, 12);
  const headerCrc = Buffer.alloc(HEADER_CRC_BYTES);
  headerCrc.writeUInt32LE(crc32(header), 0);
  // sections go to the file from their own memory: a large model is never copied whole
  const parts = [
    { offset: 0, bytes: preamble },
    { offset: PREAMBLE_BYTES, bytes: header },
    { offset: PREAMBLE_BYTES + header.length, bytes: headerCrc },
    ...entries.map((e) => ({ offset: e.offset, bytes: bytesOf(sections[e.name]) })),
  ];
  return { size, parts };
}
