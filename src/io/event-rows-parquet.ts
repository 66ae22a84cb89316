import { streamNow } from "./stream-now.js";
import { Writable } from "node:stream";
import { makeData, makeVector, Table, TimestampMillisecond, tableToIPC, Utf8, Float64, Int32 } from "apache-arrow";
import type { EventRowSink } from "./event-rows.js";

const BATCH_ROWS = 1 << 16;

/**
 * Event rows as a Parquet file, streamed: rows collect in typed columns (strings as UTF-8 bytes and
 * offsets, built by hand), each full batch goes through Arrow IPC into parquet-wasm's streaming writer
 * (one row group per batch). Memory holds a batch or two, whatever the row count.
 */
export async function parquetEventRows(path: string): Promise<EventRowSink> {
  const file = streamNow(path);
  const pw = await import("parquet-wasm");
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
  // the writer reads the first batch (for the schema) before it hands out its byte stream: not awaited here
  const done = pw
    .transformParquetStream(readable, props)
    .then((bytes) => bytes.pipeTo(Writable.toWeb(file) as WritableStream<Uint8Array>));
  let batch = new RowBatch();
  const send = async () => {
    if (batch.length === 0) return;
    const table = pw.Table.fromIPCStream(tableToIPC(batch.table(), "stream"));
    batch = new RowBatch();
    for (let i = 0; i < table.numBatches; i++) {
      await writer.ready; // back-pressure: at most a batch or two in flight
      writer.write(table.recordBatch(i)).catch(() => undefined); // a failed write surfaces through `done`
    }
    table.free(); // wasm memory is not garbage-collected
  };
  return {
    row(ts, user, session, event, item, category, price, order) {
      batch.add(ts, user, session, event, item, category, price, order);
    },
    async flushIfFull() {
      if (batch.length >= BATCH_ROWS) await send();
    },
    async close() {
      await send();
      await writer.close();
      await done;
    },
  };
}

class RowBatch {
  length = 0;
  private readonly ts = new Float64Array(BATCH_ROWS * 2);
  private readonly price = new Float64Array(BATCH_ROWS * 2);
  private readonly user = new Utf8Column();
  private readonly session = new Utf8Column();
  private readonly event = new Utf8Column();
  private readonly item = new Utf8Column();
  private readonly category = new Utf8Column();
  private readonly order = new Utf8Column();

  add(
    ts: number,
    user: number,
    session: number,
    event: string,
    item: number,
    category: number,
    price: number,
    order: number,
  ): void {
    const i = this.length++;
    this.ts[i] = Math.round(ts);
    this.price[i] = Math.round(price * 100) / 100;
    this.user.ascii("u").int(user).end();
    this.session.ascii("u").int(user).ascii("-").int(session).end();
    this.event.ascii(event).end();
    this.item.ascii("i").int(item).end();
    this.category.ascii("c").int(category).end();
    if (order >= 0) this.order.ascii("o").int(user).ascii("-").int(order);
    this.order.end();
  }

  table(): Table {
    const n = this.length;
    const ms = new BigInt64Array(n);
    for (let i = 0; i < n; i++) ms[i] = BigInt(this.ts[i]);
    return new Table({
      ts: makeVector(makeData({ type: new TimestampMillisecond("UTC"), length: n, nullCount: 0, data: ms })),
      user: this.user.vector(),
      session: this.session.vector(),
      event: this.event.vector(),
      item: this.item.vector(),
      category: this.category.vector(),
      price: makeVector(makeData({ type: new Float64(), length: n, nullCount: 0, data: this.price.subarray(0, n) })),
      quantity: makeVector(makeData({ type: new Int32(), length: n, nullCount: 0, data: new Int32Array(n).fill(1) })),
      order: this.order.vector(),
    });
  }
}

/** A growable Arrow Utf8 column of ASCII values. */
class Utf8Column {
  private bytes = new Uint8Array(BATCH_ROWS * 16);
  private offsets = new Int32Array(BATCH_ROWS * 2 + 1);
  private at = 0;
  private n = 0;

  ascii(text: string): this {
    this.room(text.length);
    for (let x = 0; x < text.length; x++) this.bytes[this.at++] = text.charCodeAt(x);
    return this;
  }

  int(v: number): this {
    return this.ascii(String(v));
  }

  end(): void {
    this.offsets[++this.n] = this.at;
  }

  vector() {
    return makeVector(
      makeData({
        type: new Utf8(),
        length: this.n,
        nullCount: 0,
        valueOffsets: this.offsets.subarray(0, this.n + 1),
        data: this.bytes.subarray(0, this.at),
      }),
    );
  }

  private room(k: number): void {
    if (this.at + k <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.at + k));
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
  }
}
