import { commitTemp, writeTemp } from "./write-atomic.js";
import { removeTemp } from "./temp-files.js";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  makeData,
  makeVector,
  RecordBatch,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Data,
  type DataType,
  type Vector,
} from "apache-arrow";
import { EVENT_KINDS } from "../data/event-kind.js";
import type { Dictionary } from "../data/dictionary.js";
import type { EventTable } from "../data/event-table.js";
import { EVENTS_FILE, EVENTS_SCHEMA, MANIFEST_FILE, ROWS_PER_BATCH, type DatasetManifest } from "./dataset-format.js";

/**
 * Writes events.arrow and manifest.json. Both are written and flushed beside their final names first, then renamed
 * (events, then the manifest): a crash or a full disk never leaves a half-written file, and the manifest records the
 * row count, size and sha256 of its events.arrow, so a reader refuses the events of one ingest under the manifest of
 * another (a kill between the two renames, or a writer that ignored the lock).
 */
export function writeDataset(dir: string, table: EventTable, manifest: DatasetManifest): { eventsBytes: number } {
  mkdirSync(dir, { recursive: true });
  const bytes = encodeEvents(table);
  const sealed: DatasetManifest = {
    ...manifest,
    eventsFile: { rows: table.length, bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") },
  };
  const text = Buffer.from(JSON.stringify(sealed, null, 2) + "\n");
  const events = writeTemp(join(dir, EVENTS_FILE), bytes.length, [{ offset: 0, bytes }]);
  let meta: string;
  try {
    meta = writeTemp(join(dir, MANIFEST_FILE), text.length, [{ offset: 0, bytes: text }]);
  } catch (e) {
    removeTemp(events);
    throw e;
  }
  commitTemp(events, join(dir, EVENTS_FILE));
  commitTemp(meta, join(dir, MANIFEST_FILE));
  return { eventsBytes: bytes.length };
}

export function removeIfExists(path: string): void {
  if (existsSync(path)) rmSync(path);
}

function encodeEvents(t: EventTable): Uint8Array {
  const fields = EVENTS_SCHEMA.fields;
  const dicts = [t.dicts.user, t.dicts.session, t.dicts.item, null, t.dicts.category, t.dicts.order].map((d) =>
    d ? utf8Vector(d) : null,
  );
  const eventDict = makeVector(utf8Data(new TextEncoder().encode(EVENT_KINDS.join("")), kindOffsets()));
  const msPairs = epochMsToInt64Pairs(t.ts);
  const batches: RecordBatch[] = [];
  for (let from = 0; from < t.length || (from === 0 && batches.length === 0); from += ROWS_PER_BATCH) {
    const to = Math.min(t.length, from + ROWS_PER_BATCH);
    const n = to - from;
    const children: Data[] = [
      makeData({ type: fields[0].type, length: n, data: msPairs.subarray(from * 2, to * 2) }),
      dictData(fields[1].type, t.user.subarray(from, to), dicts[0]!),
      dictData(fields[2].type, t.session.subarray(from, to), dicts[1]!),
      dictData(fields[3].type, t.item.subarray(from, to), dicts[2]!),
      makeData({
        type: fields[4].type,
        length: n,
        data: new Int8Array(t.kind.buffer, t.kind.byteOffset + from, n),
        dictionary: eventDict,
      }),
      nullableFloat(fields[5].type, t.price.subarray(from, to)),
      makeData({ type: fields[6].type, length: n, data: t.quantity.subarray(from, to) }),
      nullableDict(fields[7].type, t.category.subarray(from, to), dicts[4]!),
      nullableDict(fields[8].type, t.order.subarray(from, to), dicts[5]!),
    ];
    batches.push(new RecordBatch(EVENTS_SCHEMA, makeData({ type: new Struct(fields), length: n, children })));
    if (t.length === 0) break;
  }
  return tableToIPC(new Table(EVENTS_SCHEMA, batches), "file");
}

function kindOffsets(): Int32Array {
  const off = new Int32Array(EVENT_KINDS.length + 1);
  EVENT_KINDS.forEach((k, i) => (off[i + 1] = off[i] + k.length));
  return off;
}

function utf8Data(bytes: Uint8Array, offsets: Int32Array): Data<Utf8> {
  return makeData({ type: new Utf8(), length: offsets.length - 1, valueOffsets: offsets, data: bytes });
}

function utf8Vector(d: Dictionary): Vector<Utf8> {
  const { bytes, offsets } = d.utf8();
  return makeVector(utf8Data(bytes, offsets));
}

function dictData(type: DataType, codes: Int32Array, dictionary: Vector<Utf8>): Data {
  return makeData({ type: type as never, length: codes.length, data: codes, dictionary } as never);
}

/** Codes with -1 for "absent" become Arrow nulls (validity bitmap, index 0 underneath). */
function nullableDict(type: DataType, codes: Int32Array, dictionary: Vector<Utf8>): Data {
  const { bitmap, nulls } = validity(codes.length, (i) => codes[i] >= 0);
  if (nulls === 0) return dictData(type, codes, dictionary);
  const data = new Int32Array(codes.length);
  for (let i = 0; i < codes.length; i++) data[i] = codes[i] >= 0 ? codes[i] : 0;
  return makeData({
    type: type as never,
    length: codes.length,
    data,
    dictionary,
    nullBitmap: bitmap,
    nullCount: nulls,
  } as never);
}

function nullableFloat(type: DataType, values: Float64Array): Data {
  const { bitmap, nulls } = validity(values.length, (i) => values[i] === values[i]);
  return makeData({
    type: type as never,
    length: values.length,
    data: values,
    nullBitmap: nulls ? bitmap : undefined,
    nullCount: nulls,
  } as never);
}

function validity(n: number, valid: (i: number) => boolean): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (valid(i)) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return { bitmap, nulls };
}

/** Epoch ms (integral doubles) as little-endian int64 (lo, hi) pairs: no BigInt per value. */
function epochMsToInt64Pairs(ts: Float64Array): Int32Array {
  const out = new Int32Array(ts.length * 2);
  for (let i = 0; i < ts.length; i++) {
    const v = Math.round(ts[i]);
    const hi = Math.floor(v / 4294967296);
    out[2 * i] = (v - hi * 4294967296) | 0;
    out[2 * i + 1] = hi | 0;
  }
  return out;
}
