import type { WriteStream } from "node:fs";
import { streamNow } from "./stream-now.js";
import { once } from "node:events";
import { Writable } from "node:stream";
import { makeData, makeVector, Table, tableToIPC, TimestampMillisecond, Uint8 } from "apache-arrow";
import { Utf8Builder, utf8List } from "./arrow-utf8.js";
import type { Dictionary } from "../data/dictionary.js";
import { UsageError } from "../errors.js";
import { StagedFile } from "./staged-file.js";

export type SegmentFileFormat = "csv" | "jsonl" | "parquet";

/** One snapshot's rows, as columns over the users present at that time. */
export interface SegmentRows {
  at: number;
  /** User codes, in code order. */
  users: Int32Array;
  lifecycle: string[];
  /** Intent and custom segment names per user. */
  segments: string[][];
  /** R, F, M per user (3 per row); 0 for non-buyers, written as empty / null. */
  rfm: Uint8Array;
  rfmGroup: (string | null)[];
}

export function segmentFileFormat(path: string): SegmentFileFormat {
  if (/\.csv$/i.test(path)) return "csv";
  if (/\.(jsonl|ndjson)$/i.test(path)) return "jsonl";
  if (/\.parquet$/i.test(path)) return "parquet";
  throw new UsageError(`--out ${path}: the extension says the format: .csv, .jsonl or .parquet`);
}

/**
 * Writes segment rows (user, at, lifecycle, segments, r, f, m, rfm_group) to a temporary file beside `path`
 * (`<path>.tmp-<pid>`, io/staged-file.ts), flushed and renamed on close: a failed or interrupted run leaves the
 * previous file byte-identical and nothing half-written. CSV holds the segment list as `a|b`; JSON Lines and Parquet as
 * a list.
 */
export class SegmentFileWriter {
  private readonly staged: StagedFile;
  private readonly stream: WriteStream | null = null;
  private readonly parquet: Promise<ParquetSink> | null = null;
  private readonly ids: string[];
  private readonly format: SegmentFileFormat;
  private failure: Error | undefined;

  constructor(
    path: string,
    private readonly users: Dictionary,
  ) {
    const format = segmentFileFormat(path);
    this.staged = new StagedFile(path);
    this.ids = format === "parquet" ? [] : users.ids();
    if (format === "parquet") this.parquet = parquetSink(this.staged.tmp);
    else {
      this.stream = streamNow(this.staged.tmp);
      // a write error (a full disk) surfaces at the next write or at close, never as an uncaught event
      this.stream.on("error", (e) => (this.failure ??= e));
      if (format === "csv") this.stream.write("user,at,lifecycle,segments,r,f,m,rfm_group\n");
    }
    this.format = format;
  }

  async write(rows: SegmentRows): Promise<void> {
    if (this.parquet) return (await this.parquet).write(rows, this.users);
    const at = new Date(rows.at).toISOString();
    const csv = this.format === "csv";
    let chunk = "";
    for (let x = 0; x < rows.users.length; x++) {
      const id = this.ids[rows.users[x]];
      const [r, f, m] = [rows.rfm[3 * x], rows.rfm[3 * x + 1], rows.rfm[3 * x + 2]];
      const group = rows.rfmGroup[x];
      chunk += csv
        ? `${csvField(id)},${at},${rows.lifecycle[x]},${rows.segments[x].join("|")},${r || ""},${f || ""},${m || ""},${group ?? ""}\n`
        : `{"user":${JSON.stringify(id)},"at":"${at}","lifecycle":"${rows.lifecycle[x]}","segments":${JSON.stringify(rows.segments[x])},"r":${r || null},"f":${f || null},"m":${m || null},"rfm_group":${group === null ? null : `"${group}"`}}\n`;
      if (chunk.length > 1 << 20) {
        await this.put(chunk);
        chunk = "";
      }
    }
    await this.put(chunk);
  }

  async close(): Promise<void> {
    if (this.parquet) await (await this.parquet).close();
    else {
      if (this.failure) throw this.failure;
      this.stream!.end();
      await once(this.stream!, "finish");
    }
    await this.staged.commit();
  }

  /** Removes the temporary file after a failure. */
  abort(): void {
    this.stream?.destroy();
    this.staged.abort();
  }

  private async put(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    if (text.length > 0 && !this.stream!.write(text)) await once(this.stream!, "drain");
  }
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

interface ParquetSink {
  write(rows: SegmentRows, users: Dictionary): Promise<void>;
  close(): Promise<void>;
}

/** One row group per snapshot through parquet-wasm's streaming writer. */
async function parquetSink(path: string): Promise<ParquetSink> {
  const file = streamNow(path);
  const pw = await import("parquet-wasm");
  const { readable, writable } = new TransformStream();
  const writer = writable.getWriter();
  const props = new pw.WriterPropertiesBuilder().setCompression(pw.Compression.SNAPPY).build();
  const done = pw
    .transformParquetStream(readable, props)
    .then((bytes) => bytes.pipeTo(Writable.toWeb(file) as WritableStream<Uint8Array>));
  const score = (rfm: Uint8Array, k: number) => {
    const n = rfm.length / 3;
    const values = new Uint8Array(n);
    const valid = new Uint8Array((n + 7) >> 3);
    let nulls = 0;
    for (let x = 0; x < n; x++) {
      values[x] = rfm[3 * x + k];
      if (values[x] > 0) valid[x >> 3] |= 1 << (x & 7);
      else nulls++;
    }
    return makeVector(makeData({ type: new Uint8(), length: n, nullCount: nulls, nullBitmap: valid, data: values }));
  };
  return {
    async write(rows, users) {
      const n = rows.users.length;
      const { bytes, offsets } = users.utf8();
      const user = new Utf8Builder();
      const lifecycle = new Utf8Builder();
      const group = new Utf8Builder();
      const names = new Utf8Builder();
      const listOffsets = new Int32Array(n + 1);
      for (let x = 0; x < n; x++) {
        const u = rows.users[x];
        user.bytes(bytes, offsets[u], offsets[u + 1]);
        lifecycle.text(rows.lifecycle[x]);
        const g = rows.rfmGroup[x];
        if (g === null) group.null();
        else group.text(g);
        for (const s of rows.segments[x]) names.text(s);
        listOffsets[x + 1] = names.length;
      }
      const ms = new BigInt64Array(n).fill(BigInt(rows.at));
      const table = new Table({
        user: makeVector(user.finish()),
        at: makeVector(makeData({ type: new TimestampMillisecond("UTC"), length: n, nullCount: 0, data: ms })),
        lifecycle: makeVector(lifecycle.finish()),
        segments: makeVector(utf8List(names.finish(), listOffsets)),
        r: score(rows.rfm, 0),
        f: score(rows.rfm, 1),
        m: score(rows.rfm, 2),
        rfm_group: makeVector(group.finish()),
      });
      const t = pw.Table.fromIPCStream(tableToIPC(table, "stream"));
      for (let i = 0; i < t.numBatches; i++) {
        await writer.ready;
        writer.write(t.recordBatch(i)).catch(() => undefined); // a failed write surfaces through `done`
      }
      t.free();
    },
    async close() {
      await writer.close();
      await done;
    },
  };
}
