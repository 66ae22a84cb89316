import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Data, RecordBatch } from "apache-arrow";
import { Dictionary } from "../data/dictionary.js";
import { sharedFloat64, sharedInt32, sharedUint8 } from "../data/shared-arrays.js";
import type { EventColumnArrays, EventDictionaries, EventTable } from "../data/event-table.js";
import { EVENT_KINDS } from "../data/event-kind.js";
import { InputError } from "../errors.js";
import { readEventBatches } from "./events-file-reader.js";
import {
  DATASET_FORMAT,
  DATASET_SCHEMA_VERSION,
  EVENTS_FILE,
  EVENTS_SCHEMA,
  MANIFEST_FILE,
  type DatasetManifest,
} from "./dataset-format.js";

/** Columns a command may leave unloaded (`readDataset`'s `skip`): about 20 of the 41 bytes an event holds. */
export const OPTIONAL_COLUMNS = ["price", "quantity", "category", "order"] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

export interface LoadedDataset {
  table: EventTable;
  manifest: DatasetManifest;
}

export function readManifest(dir: string): DatasetManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path))
    throw new InputError("not_a_dataset", `${dir} is not a cartlift dataset (no ${MANIFEST_FILE})`, {
      file: dir,
      hint: "create one with cartlift ingest <files> --out <dir>",
    });
  let m: DatasetManifest;
  try {
    m = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError("bad_manifest", `${path}: not valid JSON (${(e as Error).message})`, { file: path });
  }
  if (m.format !== DATASET_FORMAT)
    throw new InputError("bad_manifest", `${path}: format is "${m.format}", expected "${DATASET_FORMAT}"`, {
      file: path,
    });
  if (m.schemaVersion > DATASET_SCHEMA_VERSION)
    throw new InputError(
      "newer_dataset",
      `${dir} was written by a newer cartlift (schema ${m.schemaVersion}, this one reads ${DATASET_SCHEMA_VERSION})`,
      { file: dir, hint: "upgrade cartlift" },
    );
  return m;
}

/**
 * Loads a dataset directory into typed columns (dictionary codes kept as written), on shared memory for worker threads.
 * events.arrow is read one record batch at a time, each copied into the columns as it comes: the file is never held
 * whole, so it may pass 2 GiB, and the transient memory is one batch.
 */
export function readDataset(dir: string, o: { skip?: readonly OptionalColumn[] } = {}): LoadedDataset {
  const manifest = readManifest(dir);
  const path = join(dir, EVENTS_FILE);
  const n = manifest.eventsFile?.rows ?? manifest.events;
  // a skipped column is empty (length 0): reading it is a caller's bug that shows as undefined, never as stale data
  const size = (name: OptionalColumn) => (o.skip?.includes(name) ? 0 : n);
  const cols = {
    ts: sharedFloat64(n),
    user: sharedInt32(n),
    session: sharedInt32(n),
    item: sharedInt32(n),
    kind: sharedUint8(n),
    price: sharedFloat64(size("price")),
    quantity: sharedInt32(size("quantity")),
    category: sharedInt32(size("category")),
    order: sharedInt32(size("order")),
  };
  let first: RecordBatch | null = null;
  let at = 0;
  for (const batch of readEventBatches(path, manifest, { reuse: true })) {
    if (!first) checkSchema(path, (first = batch));
    if (at + batch.numRows > n)
      throw new InputError("bad_events_file", `${path}: more rows than the ${n} its manifest records`, { file: path });
    copyBatch(batch, cols, at);
    at += batch.numRows;
  }
  if (at !== n)
    throw new InputError("bad_events_file", `${path}: ${at} rows, its manifest records ${n}`, { file: path });
  const table: EventTable = {
    length: n,
    ...cols,
    dicts: dictionariesOf(first),
  };
  return { table, manifest };
}

/**
 * A dataset's events one record batch at a time, as typed columns (arrays reused from batch to batch: copy what you
 * keep), with the dictionaries: for commands that stream a dataset larger than memory. The seal is checked when the
 * last batch has been handed out.
 */
export function* datasetBatches(
  dir: string,
): Generator<{ columns: EventColumnArrays; length: number; dicts: EventDictionaries; manifest: DatasetManifest }> {
  const manifest = readManifest(dir);
  const path = join(dir, EVENTS_FILE);
  let cols: EventColumnArrays | null = null;
  let dicts: EventDictionaries | null = null;
  for (const batch of readEventBatches(path, manifest, { reuse: true })) {
    if (!dicts) {
      checkSchema(path, batch);
      dicts = dictionariesOf(batch);
    }
    if (!cols || cols.ts.length < batch.numRows) cols = columns(batch.numRows);
    copyBatch(batch, cols, 0);
    yield { columns: cols, length: batch.numRows, dicts, manifest };
  }
}

function columns(n: number): EventColumnArrays {
  return {
    ts: new Float64Array(n),
    user: new Int32Array(n),
    session: new Int32Array(n),
    item: new Int32Array(n),
    kind: new Uint8Array(n),
    price: new Float64Array(n),
    quantity: new Int32Array(n),
    category: new Int32Array(n),
    order: new Int32Array(n),
  };
}

function dictionariesOf(b: RecordBatch | null): EventDictionaries {
  return {
    user: dictionaryOf(b, "user"),
    session: dictionaryOf(b, "session"),
    item: dictionaryOf(b, "item"),
    category: dictionaryOf(b, "category"),
    order: dictionaryOf(b, "order"),
  };
}

/** Copies a record batch's rows into `cols` from row `at`: nulls become -1 (codes), NaN (price), 255 (event). */
function copyBatch(batch: RecordBatch, cols: EventColumnArrays, at: number): void {
  int64Ms(batch, "ts", cols.ts, at);
  gather(batch, "user", cols.user, at, -1);
  gather(batch, "session", cols.session, at, -1);
  gather(batch, "item", cols.item, at, -1);
  gather(batch, "event", cols.kind, at, 255); // Int8 dictionary indices converted to Uint8 codes
  // columns of length 0 were skipped (readDataset's `skip`)
  if (cols.price.length > 0) gather(batch, "price", cols.price, at, NaN);
  if (cols.quantity.length > 0) gather(batch, "quantity", cols.quantity, at, -1);
  if (cols.category.length > 0) gather(batch, "category", cols.category, at, -1);
  if (cols.order.length > 0) gather(batch, "order", cols.order, at, -1);
}

function checkSchema(path: string, batch: RecordBatch): void {
  const names = batch.schema.fields.map((f) => f.name);
  const expected = EVENTS_SCHEMA.fields.map((f) => f.name);
  if (names.join() !== expected.join())
    throw new InputError("bad_events_file", `${path}: columns ${names.join(", ")}; expected ${expected.join(", ")}`, {
      file: path,
    });
  const eventNames = dictionaryOf(batch, "event").ids();
  if (eventNames.some((e, i) => e !== EVENT_KINDS[i]))
    throw new InputError("bad_events_file", `${path}: unknown event dictionary ${eventNames.join(", ")}`, {
      file: path,
    });
}

function chunks(b: RecordBatch, name: string): readonly Data[] {
  return b.getChild(name)!.data;
}

/** Copies a batch's column into `out` from `at`, writing `nullValue` for nulls. */
function gather(
  b: RecordBatch,
  name: string,
  out: Int32Array | Float64Array | Uint8Array,
  at: number,
  nullValue: number,
): void {
  for (const d of chunks(b, name)) {
    const v = d.values as Int32Array | Float64Array | Int8Array;
    out.set(v.subarray(d.offset, d.offset + d.length), at);
    if (d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length > 0)
      markNulls(d.nullBitmap, d.offset, d.length, out, at, nullValue);
    at += d.length;
  }
}

/** Writes `nullValue` at each row whose validity bit is 0, skipping whole bytes of valid rows. */
function markNulls(
  bitmap: Uint8Array,
  offset: number,
  length: number,
  out: Int32Array | Float64Array | Uint8Array,
  at: number,
  nullValue: number,
): void {
  for (let i = 0; i < length;) {
    const k = offset + i;
    const byte = bitmap[k >> 3];
    if ((k & 7) === 0 && byte === 0xff && i + 8 <= length) {
      i += 8;
      continue;
    }
    if ((byte & (1 << (k & 7))) === 0) out[at + i] = nullValue;
    i++;
  }
}

/** int64 epoch ms read as (lo, hi) pairs, without a BigInt per value. */
function int64Ms(b: RecordBatch, name: string, out: Float64Array, at: number): void {
  for (const d of chunks(b, name)) {
    const v = d.values as BigInt64Array;
    const pairs = new Int32Array(v.buffer, v.byteOffset, v.length * 2);
    for (let i = 0; i < d.length; i++) {
      const k = 2 * (d.offset + i);
      out[at + i] = pairs[k + 1] * 4294967296 + (pairs[k] >>> 0);
    }
    at += d.length;
  }
}

function dictionaryOf(b: RecordBatch | null, name: string): Dictionary {
  const d = b ? chunks(b, name)[0] : undefined;
  const dict = d?.dictionary?.data[0];
  if (!dict) return new Dictionary();
  return Dictionary.fromUtf8(dict.values as Uint8Array, dict.valueOffsets as Int32Array, dict.length);
}
