import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { tableFromIPC, type Data, type Table } from "apache-arrow";
import { Dictionary } from "../data/dictionary.js";
import { sharedFloat64, sharedInt32, sharedUint8 } from "../data/shared-arrays.js";
import type { EventTable } from "../data/event-table.js";
import { EVENT_KINDS } from "../data/event-kind.js";
import { InputError } from "../errors.js";
import { verifyEvents } from "./verify-events.js";
import {
  DATASET_FORMAT,
  DATASET_SCHEMA_VERSION,
  EVENTS_FILE,
  EVENTS_SCHEMA,
  MANIFEST_FILE,
  type DatasetManifest,
} from "./dataset-format.js";

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
 */
export function readDataset(dir: string): LoadedDataset {
  const manifest = readManifest(dir);
  const path = join(dir, EVENTS_FILE);
  let arrow: Table;
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError("bad_events_file", `${path}: cannot be read (${(e as Error).message})`, { file: path });
  }
  verifyEvents(path, manifest, bytes, null);
  try {
    arrow = tableFromIPC(bytes);
  } catch (e) {
    throw new InputError("bad_events_file", `${path}: not a readable Arrow file (${(e as Error).message})`, {
      file: path,
    });
  }
  const names = arrow.schema.fields.map((f) => f.name);
  const expected = EVENTS_SCHEMA.fields.map((f) => f.name);
  if (names.join() !== expected.join())
    throw new InputError("bad_events_file", `${path}: columns ${names.join(", ")}; expected ${expected.join(", ")}`, {
      file: path,
    });
  const eventNames = dictionaryOf(arrow, "event").ids();
  if (eventNames.some((e, i) => e !== EVENT_KINDS[i]))
    throw new InputError("bad_events_file", `${path}: unknown event dictionary ${eventNames.join(", ")}`, {
      file: path,
    });
  const n = arrow.numRows;
  verifyEvents(path, manifest, bytes, n);
  const table: EventTable = {
    length: n,
    ts: int64MsColumn(arrow, "ts", n),
    user: int32Column(arrow, "user", n),
    session: int32Column(arrow, "session", n),
    item: int32Column(arrow, "item", n),
    kind: uint8Column(arrow, "event", n),
    price: float64Column(arrow, "price", n),
    quantity: int32Column(arrow, "quantity", n),
    category: int32Column(arrow, "category", n),
    order: int32Column(arrow, "order", n),
    dicts: {
      user: dictionaryOf(arrow, "user"),
      session: dictionaryOf(arrow, "session"),
      item: dictionaryOf(arrow, "item"),
      category: dictionaryOf(arrow, "category"),
      order: dictionaryOf(arrow, "order"),
    },
  };
  return { table, manifest };
}

function chunks(t: Table, name: string): readonly Data[] {
  return t.getChild(name)!.data;
}

/** Int32 codes; nulls become -1. */
function int32Column(t: Table, name: string, n: number): Int32Array {
  return gather(t, name, sharedInt32(n), -1);
}

/** Small codes (event types); nulls become 255. */
function uint8Column(t: Table, name: string, n: number): Uint8Array {
  return gather(t, name, sharedUint8(n), 255);
}

/** Float64 values; nulls become NaN. */
function float64Column(t: Table, name: string, n: number): Float64Array {
  return gather(t, name, sharedFloat64(n), NaN);
}

/** Concatenates a column's chunks into `out`, writing `nullValue` for nulls. */
function gather<T extends Int32Array | Float64Array | Uint8Array>(
  t: Table,
  name: string,
  out: T,
  nullValue: number,
): T {
  let at = 0;
  for (const d of chunks(t, name)) {
    const v = d.values as T;
    // one copy (typed-array set converts Int8 dictionary indices to Uint8 codes), then the nulls overwritten
    out.set(v.subarray(d.offset, d.offset + d.length), at);
    if (d.nullCount > 0 && d.nullBitmap && d.nullBitmap.length > 0)
      markNulls(d.nullBitmap, d.offset, d.length, out, at, nullValue);
    at += d.length;
  }
  return out;
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
function int64MsColumn(t: Table, name: string, n: number): Float64Array {
  const out = sharedFloat64(n);
  let at = 0;
  for (const d of chunks(t, name)) {
    const b = d.values as BigInt64Array;
    const pairs = new Int32Array(b.buffer, b.byteOffset, b.length * 2);
    for (let i = 0; i < d.length; i++) {
      const k = 2 * (d.offset + i);
      out[at + i] = pairs[k + 1] * 4294967296 + (pairs[k] >>> 0);
    }
    at += d.length;
  }
  return out;
}

function dictionaryOf(t: Table, name: string): Dictionary {
  const d = chunks(t, name)[0];
  const dict = d?.dictionary?.data[0];
  if (!dict) return new Dictionary();
  return Dictionary.fromUtf8(dict.values as Uint8Array, dict.valueOffsets as Int32Array, dict.length);
}
