import { createHash } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { RecordBatchReader, RecordBatchStreamWriter, type RecordBatch, type Schema } from "apache-arrow";
import { Footer } from "apache-arrow/ipc/metadata/file";
import { InputError } from "../errors.js";
import type { DatasetManifest } from "./dataset-format.js";
import { datasetMismatch } from "./verify-events.js";
import { hashFileInThread } from "./file-hash.js";

/** From this size on, the sha256 is computed on another thread while this one decodes. */
const HASH_THREAD_MIN_BYTES = 32 << 20;

/** Bytes read from the file at a time. */
const CHUNK = 8 << 20;
/** "ARROW1" and two bytes of padding: the IPC file format's prefix; the stream format follows it. */
const PREFIX = 8;

/**
 * Reads events.arrow one record batch at a time, never the whole file at once (so past 2 GiB, in bounded memory).
 * After its 8-byte prefix, an Arrow IPC file is a stream without its schema message (dictionaries, batches, end
 * marker) followed by a footer that holds the schema: the schema is read from the footer, encoded as a stream's first
 * message, and the rest decoded in order from chunks of the file. The bytes are hashed on the way;
 * when the last batch has been handed out, the rest of the file is hashed too and the rows, size and sha256 are checked
 * against the manifest's seal (a mismatch throws `dataset_mismatch`: consume the generator to its end before trusting
 * what it gave). The size is checked before the first batch.
 * With `reuse`, the record batches are read into two buffers in turn, so that a batch's columns are valid until the
 * next one is asked for (copy what you keep): the file's bytes then land in memory already mapped instead of in a new
 * buffer per batch (about half the load's system time at 10M events). Dictionaries always get their own buffers.
 */
export function* readEventBatches(
  path: string,
  manifest: DatasetManifest,
  o: { reuse?: boolean } = {},
): Generator<RecordBatch, number> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw new InputError("bad_events_file", `${path}: cannot be read (${(e as Error).message})`, { file: path });
  }
  try {
    const size = fstatSync(fd).size;
    const want = manifest.eventsFile;
    if (want && size !== want.bytes) throw datasetMismatch(path, `${size} bytes, the manifest records ${want.bytes}`);
    // a large file is hashed on another thread (reading it again, from the page cache) while this one decodes
    const inThread = want && size >= HASH_THREAD_MIN_BYTES ? hashFileInThread(path) : null;
    const hash = createHash("sha256");
    const feed = (bytes: Uint8Array) => inThread || hash.update(bytes);
    const head = readAt(fd, 0, Math.min(PREFIX, size));
    feed(head);
    if (size < PREFIX || new TextDecoder().decode(head.subarray(0, 6)) !== "ARROW1")
      throw new InputError("bad_events_file", `${path}: not an Arrow IPC file (no ARROW1 magic)`, { file: path });
    let pos = PREFIX;
    // two buffers in turn: the Arrow reader asks for the next message before it hands out the batch it has decoded
    const buffers = [new Uint8Array(0), new Uint8Array(0)];
    let turn = 0;
    /** The file from `pos` on, cut at message ends: each message arrives in one piece, decoded without a copy. */
    function* chunks(ends: number[], reusable: Set<number>): Generator<Uint8Array> {
      for (const end of ends) {
        while (pos < Math.min(end, size)) {
          const length = Math.min(end, size) - pos;
          let into: Uint8Array | undefined;
          if (o.reuse && reusable.has(end)) {
            turn ^= 1;
            if (buffers[turn].length < length) buffers[turn] = new Uint8Array(length);
            into = buffers[turn];
          }
          const bytes = readAt(fd, pos, length, into);
          feed(bytes);
          pos += bytes.length;
          yield bytes;
        }
      }
      while (pos < size) {
        const bytes = readAt(fd, pos, Math.min(CHUNK, size - pos));
        feed(bytes);
        pos += bytes.length;
        yield bytes;
      }
    }
    let rows = 0;
    try {
      const footer = readFooter(fd, size);
      const schema = footer.schema;
      const end = (b: { offset: number | bigint; metaDataLength: number; bodyLength: number | bigint }) =>
        Number(b.offset) + b.metaDataLength + Number(b.bodyLength);
      const ends = [...footer.dictionaryBatches(), ...footer.recordBatches()].map(end).sort((a, b) => a - b);
      const recordEnds = new Set([...footer.recordBatches()].map(end));
      const reader = RecordBatchReader.from(
        (function* () {
          yield schemaMessage(schema);
          yield* chunks(ends, recordEnds);
        })(),
      );
      for (const batch of reader) {
        rows += batch.numRows;
        yield batch;
      }
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError("bad_events_file", `${path}: not a readable Arrow file (${(e as Error).message})`, {
        file: path,
      });
    }
    while (!inThread && pos < size) {
      const bytes = readAt(fd, pos, Math.min(CHUNK, size - pos));
      hash.update(bytes);
      pos += bytes.length;
    }
    if (want) {
      if (rows !== want.rows) throw datasetMismatch(path, `${rows} rows, the manifest records ${want.rows}`);
      const sha = inThread ? inThread.wait() : hash.digest("hex");
      if (sha !== want.sha256)
        throw datasetMismatch(
          path,
          `sha256 ${sha.slice(0, 12)}..., the manifest records ${want.sha256.slice(0, 12)}...`,
        );
    }
    return rows;
  } finally {
    closeSync(fd);
  }
}

/** The file's footer (its last 10 bytes: footer length, "ARROW1"): the schema and where each message is. */
function readFooter(fd: number, size: number): Footer {
  const tail = readAt(fd, size - 10, 10);
  const length = new DataView(tail.buffer, tail.byteOffset).getInt32(0, true);
  if (new TextDecoder().decode(tail.subarray(4)) !== "ARROW1" || length <= 0 || length > size - 18)
    throw new Error("no Arrow file footer at the end");
  return Footer.decode(readAt(fd, size - 10 - length, length));
}

/** `schema` as an IPC stream's first message (a stream writer's output without its end marker). */
function schemaMessage(schema: Schema): Uint8Array {
  const writer = new RecordBatchStreamWriter();
  writer.reset(undefined, schema);
  writer.close();
  const bytes = writer.toUint8Array(true);
  return bytes.subarray(0, bytes.length - 8);
}

/** `length` bytes at `position`, in `into` (its first bytes) when given. */
function readAt(fd: number, position: number, length: number, into?: Uint8Array): Uint8Array {
  const out = into ? into.subarray(0, length) : new Uint8Array(length);
  for (let done = 0; done < length;) {
    const got = readSync(fd, out, done, length - done, position + done);
    if (got === 0) break;
    done += got;
  }
  return out;
}
