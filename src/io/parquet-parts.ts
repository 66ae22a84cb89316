import { writeFileSync } from "node:fs";
import { int64Pairs, validity } from "./arrow-buffers.js";
import { mkdirSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import {
  Field,
  Float64,
  Int32,
  Int64,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimestampMillisecond,
  tableToIPC,
  Utf8,
  type Data,
} from "apache-arrow";
import { EVENT_KINDS } from "../data/event-kind.js";
import type { EventColumnArrays, EventDictionaries } from "../data/event-table.js";

/**
 * The columns of an exported Parquet part: the event time, the row's position in the dataset (its order: user, time,
 * input order), the ids as text, their integer codes, and the event's values.
 */
export const PARQUET_SCHEMA = new Schema([
  new Field("ts", new TimestampMillisecond("UTC"), false),
  new Field("row", new Int64(), false),
  new Field("user", new Utf8(), false),
  new Field("session", new Utf8(), false),
  new Field("item", new Utf8(), false),
  new Field("event", new Utf8(), false),
  new Field("price", new Float64(), true),
  new Field("quantity", new Int32(), false),
  new Field("category", new Utf8(), true),
  new Field("order", new Utf8(), true),
  new Field("user_code", new Int32(), false),
  new Field("session_code", new Int32(), false),
  new Field("item_code", new Int32(), false),
  new Field("event_code", new Int32(), false),
  new Field("category_code", new Int32(), true),
  new Field("order_code", new Int32(), true),
]);

/** The columns an engine's counting reads: a smaller file, written several times faster (no text). */
export const CODES_SCHEMA = new Schema(
  PARQUET_SCHEMA.fields.filter((f) =>
    ["ts", "row", "user_code", "session_code", "item_code", "event_code"].includes(f.name),
  ),
);

export interface ParquetPart {
  /** Relative to the export folder, with / separators. */
  path: string;
  rows: number;
  bytes: number;
  sha256: string;
}

type ParquetWasm = typeof import("parquet-wasm");

/** Growable typed columns of one partition, flushed to a Parquet file when full. */
class Rows {
  length = 0;
  parts = 0;
  readonly row: Float64Array;
  cols: { [K in keyof EventColumnArrays]: EventColumnArrays[K] };
  constructor(capacity: number) {
    this.row = new Float64Array(capacity);
    this.cols = {
      ts: new Float64Array(capacity),
      user: new Int32Array(capacity),
      session: new Int32Array(capacity),
      item: new Int32Array(capacity),
      kind: new Uint8Array(capacity),
      price: new Float64Array(capacity),
      quantity: new Int32Array(capacity),
      category: new Int32Array(capacity),
      order: new Int32Array(capacity),
    };
  }
  push(c: EventColumnArrays, i: number, row: number): void {
    const k = this.length++;
    this.row[k] = row;
    const o = this.cols;
    o.ts[k] = c.ts[i];
    o.user[k] = c.user[i];
    o.session[k] = c.session[i];
    o.item[k] = c.item[i];
    o.kind[k] = c.kind[i];
    o.price[k] = c.price[i];
    o.quantity[k] = c.quantity[i];
    o.category[k] = c.category[i];
    o.order[k] = c.order[i];
  }
}

/**
 * Writes events as Parquet parts (snappy), grouped by a partition key (a Hive-style folder such as `day=2024-01-01`,
 * or "" for none): rows collect per partition and a part is written when one holds `rowsPerPart` rows, or when all
 * partitions together hold `maxBuffered` (the largest is written): memory stays bounded whatever the data's order.
 */
export class ParquetPartWriter {
  readonly parts: ParquetPart[] = [];
  private readonly open = new Map<string, Rows>();
  private buffered = 0;
  private readonly utf8: Record<"user" | "session" | "item" | "category" | "order", Utf8Source>;

  constructor(
    private readonly pw: ParquetWasm,
    private readonly dir: string,
    dicts: EventDictionaries,
    private readonly schema: Schema = PARQUET_SCHEMA,
    private readonly rowsPerPart = 1 << 20,
    private readonly maxBuffered = 4 << 20,
  ) {
    this.utf8 = {
      user: dicts.user.utf8(),
      session: dicts.session.utf8(),
      item: dicts.item.utf8(),
      category: dicts.category.utf8(),
      order: dicts.order.utf8(),
    };
  }

  /** Row `i` of the batch `c`, the dataset's row number `row`, into `partition`. */
  add(c: EventColumnArrays, i: number, row: number, partition: string): void {
    let rows = this.open.get(partition);
    if (!rows) this.open.set(partition, (rows = new Rows(this.rowsPerPart)));
    rows.push(c, i, row);
    this.buffered++;
    if (rows.length === this.rowsPerPart) this.flush(partition);
    else if (this.buffered >= this.maxBuffered) this.flushLargest();
  }

  /** Writes every partition's remaining rows. */
  finish(): ParquetPart[] {
    for (const key of [...this.open.keys()].sort()) this.flush(key);
    return this.parts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private flushLargest(): void {
    let best = "";
    let most = -1;
    for (const [key, rows] of this.open)
      if (rows.length > most || (rows.length === most && key < best)) [best, most] = [key, rows.length];
    this.flush(best);
  }

  private flush(key: string): void {
    const rows = this.open.get(key);
    if (!rows || rows.length === 0) return;
    const folder = key ? join(this.dir, key) : this.dir;
    mkdirSync(folder, { recursive: true });
    const name = `part-${String(rows.parts).padStart(5, "0")}.parquet`;
    const bytes = this.encode(rows);
    writeFileSync(join(folder, name), bytes);
    this.parts.push({
      path: key ? `${key}/${name}` : name,
      rows: rows.length,
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
    this.buffered -= rows.length;
    rows.length = 0;
    rows.parts++;
  }

  private encode(rows: Rows): Uint8Array {
    const n = rows.length;
    const c = rows.cols;
    const sub = <T extends { subarray(a: number, b: number): T }>(a: T) => a.subarray(0, n);
    const kind32 = Int32Array.from(sub(c.kind));
    const kinds = { bytes: new TextEncoder().encode(EVENT_KINDS.join("")), offsets: kindOffsets() };
    const column: Record<string, () => Data> = {
      ts: () => makeData({ type: new TimestampMillisecond("UTC"), length: n, data: int64Pairs(sub(c.ts)) }),
      row: () => makeData({ type: new Int64(), length: n, data: int64Pairs(sub(rows.row)) }),
      user: () => strings(this.utf8.user, sub(c.user)),
      session: () => strings(this.utf8.session, sub(c.session)),
      item: () => strings(this.utf8.item, sub(c.item)),
      event: () => strings(kinds, kind32),
      price: () => float64(sub(c.price)),
      quantity: () => makeData({ type: new Int32(), length: n, data: sub(c.quantity) }),
      category: () => strings(this.utf8.category, sub(c.category)),
      order: () => strings(this.utf8.order, sub(c.order)),
      user_code: () => int32(sub(c.user), false),
      session_code: () => int32(sub(c.session), false),
      item_code: () => int32(sub(c.item), false),
      event_code: () => makeData({ type: new Int32(), length: n, data: kind32 }),
      category_code: () => int32(sub(c.category), true),
      order_code: () => int32(sub(c.order), true),
    };
    const f = this.schema.fields;
    const children = f.map((field) => column[field.name]());
    const batch = new RecordBatch(this.schema, makeData({ type: new Struct(f), length: n, children }));
    const table = this.pw.Table.fromIPCStream(tableToIPC(new Table(this.schema, [batch]), "stream"));
    const props = new this.pw.WriterPropertiesBuilder().setCompression(this.pw.Compression.SNAPPY).build();
    return this.pw.writeParquet(table, props); // takes the wasm table (frees it)
  }
}

function kindOffsets(): Int32Array {
  const off = new Int32Array(EVENT_KINDS.length + 1);
  EVENT_KINDS.forEach((k, i) => (off[i + 1] = off[i] + k.length));
  return off;
}

interface Utf8Source {
  bytes: Uint8Array;
  offsets: Int32Array;
}

/** Dictionary codes as a Utf8 column (code -1: null), the bytes gathered from the dictionary's arena. */
function strings(d: Utf8Source, codes: Int32Array): Data {
  const n = codes.length;
  const offsets = new Int32Array(n + 1);
  let size = 0;
  for (let i = 0; i < n; i++) {
    const k = codes[i];
    if (k >= 0) size += d.offsets[k + 1] - d.offsets[k];
    offsets[i + 1] = size;
  }
  const bytes = new Uint8Array(size);
  for (let i = 0; i < n; i++) {
    const k = codes[i];
    if (k >= 0) bytes.set(d.bytes.subarray(d.offsets[k], d.offsets[k + 1]), offsets[i]);
  }
  const { bitmap, nulls } = validity(n, (i) => codes[i] >= 0);
  return makeData({
    type: new Utf8(),
    length: n,
    valueOffsets: offsets,
    data: bytes,
    nullBitmap: nulls ? bitmap : undefined,
    nullCount: nulls,
  });
}

function int32(codes: Int32Array, nullable: boolean): Data {
  const { bitmap, nulls } = nullable ? validity(codes.length, (i) => codes[i] >= 0) : { bitmap: undefined, nulls: 0 };
  return makeData({
    type: new Int32(),
    length: codes.length,
    data: nulls ? codes.map((v) => (v < 0 ? 0 : v)) : codes,
    nullBitmap: nulls ? bitmap : undefined,
    nullCount: nulls,
  });
}

function float64(values: Float64Array): Data {
  const { bitmap, nulls } = validity(values.length, (i) => values[i] === values[i]);
  return makeData({
    type: new Float64(),
    length: values.length,
    data: values,
    nullBitmap: nulls ? bitmap : undefined,
    nullCount: nulls,
  });
}
