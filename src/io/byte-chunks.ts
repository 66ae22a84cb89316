import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { InputError } from "../errors.js";
import { MAX_RECORD_BYTES, recordTooLong } from "./record-limit.js";
import { refuseWideEncoding, utf8BomLength } from "./byte-order-mark.js";
import { refuseBinary } from "./sniff-binary.js";

/** A text file (optionally .gz) read as byte chunks of about a MiB, and the helpers that find lines in them. */
const CHUNK = 1 << 20;

export interface Chunk {
  data: Uint8Array;
  /** Source bytes read so far (compressed bytes for .gz). */
  bytes: number;
}

export async function* streamChunks(file: string, start = 0, end = Infinity): AsyncGenerator<Chunk> {
  const raw = createReadStream(file, { highWaterMark: CHUNK, start, end: end === Infinity ? undefined : end - 1 });
  // gunzip's default output chunk is 16 KiB; a chunk as large as the read keeps batches (and their count) even
  const stream = /\.gz$/i.test(file) ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  raw.on("error", (e) => stream.destroy(e));
  try {
    for await (const data of stream) yield { data: data as Buffer, bytes: raw.bytesRead };
  } catch (e) {
    throw readError(file, e);
  }
}

/**
 * Reads until the first line is complete (and at least one chunk). Chunks are kept in a list and joined once,
 * so a long first line costs linear time; a first line past MAX_RECORD_BYTES is an error.
 */
export async function readHead(
  chunks: AsyncGenerator<Chunk>,
  file: string,
): Promise<{ data: Uint8Array; done: boolean; bytes: number }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  let bytes = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { data: joinChunks(parts, length), done: true, bytes };
    parts.push(next.value.data);
    length += next.value.data.length;
    bytes = next.value.bytes;
    if (next.value.data.indexOf(0x0a) >= 0) return { data: joinChunks(parts, length), done: false, bytes };
    if (length > MAX_RECORD_BYTES) {
      await chunks.return(undefined);
      throw recordTooLong(file, 1, false);
    }
  }
}

export function joinChunks(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function readError(file: string, e: unknown): InputError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "Z_DATA_ERROR" || err.code === "Z_BUF_ERROR")
    return new InputError("bad_gzip", `${file}: not a valid gzip file (${err.message})`, { file });
  return new InputError("unreadable_file", `${file}: cannot read (${err.message})`, { file });
}

export async function fileSize(file: string): Promise<number> {
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw new InputError("not_a_file", `${file} is a directory, not an event file`, { file });
    return s.size;
  } catch (e) {
    if (e instanceof InputError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT")
      throw new InputError("file_not_found", `${file}: no such file`, {
        file,
        hint: "check the path (globs are expanded by cartlift)",
      });
    throw new InputError("unreadable_file", `${file}: cannot read (${err.message})`, { file });
  }
}

export function lineEnd(buf: Uint8Array): number {
  const i = buf.indexOf(0x0a);
  const end = i < 0 ? buf.length : i;
  return end > 0 && buf[end - 1] === 0x0d ? end - 1 : end;
}

export function skipNewline(buf: Uint8Array, at: number): number {
  if (buf[at] === 0x0d) at++;
  if (buf[at] === 0x0a) at++;
  return at;
}

export function isBlank(buf: Uint8Array): boolean {
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return false;
  }
  return true;
}

/** The first line of a (possibly gzipped) file, without BOM and line ending. */
export async function peekFirstLine(file: string): Promise<Uint8Array> {
  await fileSize(file);
  const chunks = streamChunks(file);
  const { data } = await readHead(chunks, file);
  await chunks.return(undefined);
  refuseWideEncoding(file, data);
  refuseBinary(file, data);
  const head = data.subarray(utf8BomLength(data));
  return head.subarray(0, lineEnd(head));
}
