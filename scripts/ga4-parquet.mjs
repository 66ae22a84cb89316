// Writes GA4 BigQuery export records (as the JSON export holds them: INT64 as strings) to Parquet with the export's
// nested schema (event_params and items as lists of structs, ecommerce as a struct), the way `EXPORT DATA ... format =
// 'PARQUET'` lays them out. Used by the ingest tests and bench/ga4.mjs to build Parquet exports; not part of cartlift.
import { writeFile } from "node:fs/promises";
import {
  Field,
  Float64,
  Int64,
  List,
  makeBuilder,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  makeData,
} from "apache-arrow";

const f = (name, type) => new Field(name, type, true);
const PARAM_VALUE = new Struct([
  f("string_value", new Utf8()),
  f("int_value", new Int64()),
  f("float_value", new Float64()),
  f("double_value", new Float64()),
]);
const ITEM = new Struct([
  f("item_id", new Utf8()),
  f("item_name", new Utf8()),
  f("item_category", new Utf8()),
  f("price", new Float64()),
  f("quantity", new Int64()),
]);
const COLUMNS = [
  f("event_date", new Utf8()),
  f("event_timestamp", new Int64()),
  f("event_name", new Utf8()),
  f("event_params", new List(f("element", new Struct([f("key", new Utf8()), f("value", PARAM_VALUE)])))),
  f("event_bundle_sequence_id", new Int64()),
  f("user_id", new Utf8()),
  f("user_pseudo_id", new Utf8()),
  f("ecommerce", new Struct([f("transaction_id", new Utf8())])),
  f("items", new List(f("element", ITEM))),
];

const big = (v) => (v === null || v === undefined || v === "" ? null : BigInt(v));
const float = (v) => (v === null || v === undefined || v === "" ? null : Number(v));
const text = (v) => (v === null || v === undefined ? null : String(v));

/** One record in the Arrow builders' shapes (bigint for INT64, null for absent). */
function shape(r) {
  return {
    event_date: text(r.event_date),
    event_timestamp: big(r.event_timestamp),
    event_name: text(r.event_name),
    event_params: (r.event_params ?? []).map((p) => ({
      key: text(p.key),
      value: {
        string_value: text(p.value?.string_value),
        int_value: big(p.value?.int_value),
        float_value: float(p.value?.float_value),
        double_value: float(p.value?.double_value),
      },
    })),
    event_bundle_sequence_id: big(r.event_bundle_sequence_id),
    user_id: text(r.user_id),
    user_pseudo_id: text(r.user_pseudo_id),
    ecommerce: r.ecommerce ? { transaction_id: text(r.ecommerce.transaction_id) } : null,
    items: r.items
      ? r.items.map((it) =>
          it === null
            ? null
            : {
                item_id: text(it.item_id),
                item_name: text(it.item_name),
                item_category: text(it.item_category),
                price: float(it.price),
                quantity: big(it.quantity),
              },
        )
      : null,
  };
}

function batchOf(records, columns) {
  const builders = columns.map((c) => makeBuilder({ type: c.type, nullValues: [null, undefined] }));
  for (const r of records) {
    const s = shape(r);
    columns.forEach((c, i) => builders[i].append(s[c.name]));
  }
  const children = builders.map((b) => b.finish().flush());
  const type = new Struct(columns);
  return new RecordBatch(new Schema(columns), makeData({ type, length: records.length, nullCount: 0, children }));
}

/**
 * Writes `records` (an iterable or async iterable of GA4 JSON objects) to `file` as Snappy Parquet, `rowGroup`
 * records per group; `omit` leaves columns out (to build broken exports).
 */
export async function writeGa4Parquet(records, file, rowGroup = 65_536, omit = []) {
  const columns = COLUMNS.filter((c) => !omit.includes(c.name));
  const pw = await import("parquet-wasm");
  const batches = [];
  let chunk = [];
  for await (const r of records) {
    chunk.push(r);
    if (chunk.length === rowGroup) {
      batches.push(batchOf(chunk, columns));
      chunk = [];
    }
  }
  if (chunk.length > 0 || batches.length === 0) batches.push(batchOf(chunk, columns));
  const table = pw.Table.fromIPCStream(tableToIPC(new Table(batches), "stream"));
  const props = new pw.WriterPropertiesBuilder()
    .setCompression(pw.Compression.SNAPPY)
    .setMaxRowGroupSize(rowGroup)
    .build();
  await writeFile(file, pw.writeParquet(table, props));
}
