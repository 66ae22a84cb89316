import { makeData, makeVector, Float64, Int32, Table, tableToIPC, TimestampMillisecond } from "apache-arrow";
import { Utf8Builder } from "./arrow-utf8.js";
import type { Dictionary } from "../data/dictionary.js";
import { UsageError } from "../errors.js";
import { writeAtomic } from "./write-atomic.js";

/** Columns of the price history: per item and day, the median price and the priced events behind it. */
export interface PriceHistoryRows {
  length: number;
  item: Int32Array;
  day: Float64Array;
  median: Float64Array;
  events: Int32Array;
}

/** `--out` of `cartlift prices`: its format from the extension (.csv or .parquet); anything else is a usage error. */
export function priceHistoryFormat(path: string): "csv" | "parquet" {
  if (/\.csv$/i.test(path)) return "csv";
  if (/\.parquet$/i.test(path)) return "parquet";
  throw new UsageError(`--out ${path}: the extension says the format: .csv or .parquet`);
}

/**
 * Writes the price history (item, day, price, events) to `path`, atomically (a temporary file beside it, flushed and
 * renamed): a failure leaves a previous file as it was.
 */
export async function writePriceHistory(path: string, rows: PriceHistoryRows, items: Dictionary): Promise<void> {
  const format = priceHistoryFormat(path);
  if (format === "csv") {
    const ids = items.ids();
    const parts: string[] = ["item,day,price,events\n"];
    for (let x = 0; x < rows.length; x++) {
      const id = ids[rows.item[x]];
      const field = /[",\n\r]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id;
      parts.push(`${field},${new Date(rows.day[x]).toISOString().slice(0, 10)},${rows.median[x]},${rows.events[x]}\n`);
    }
    writeAtomic(path, parts.join(""));
    return;
  }
  const pw = await import("parquet-wasm");
  const { bytes, offsets } = items.utf8();
  const item = new Utf8Builder();
  for (let x = 0; x < rows.length; x++) item.bytes(bytes, offsets[rows.item[x]], offsets[rows.item[x] + 1]);
  const n = rows.length;
  const table = new Table({
    item: makeVector(item.finish()),
    day: makeVector(
      makeData({
        type: new TimestampMillisecond("UTC"),
        length: n,
        nullCount: 0,
        data: BigInt64Array.from(rows.day, (d) => BigInt(d)),
      }),
    ),
    price: makeVector(makeData({ type: new Float64(), length: n, nullCount: 0, data: rows.median })),
    events: makeVector(makeData({ type: new Int32(), length: n, nullCount: 0, data: rows.events })),
  });
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
  const t = pw.Table.fromIPCStream(tableToIPC(table, "stream"));
  writeAtomic(path, pw.writeParquet(t, props));
}
