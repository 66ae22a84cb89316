import { stat } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { sibling, workerUrl } from "../worker-url.js";
import { tableFromIPC, Type, type Data, type Table } from "apache-arrow";
import { InputError } from "../errors.js";
import { isValidAt } from "./arrow-validity.js";
import {
  CELL_BYTES,
  CELL_MISSING,
  CELL_NUMBER,
  CursorBase,
  type CellCursor,
  type CellType,
  type RawBatch,
  type RecordSource,
} from "./raw-batch.js";

/**
 * Parquet through parquet-wasm (the fastest reader measured here, with bounded memory; see
 * ../shared/DEPENDENCIES.md), decoded in a worker thread one record batch at a time (parquet-worker.ts)
 * while this thread normalises the previous one. parquet-wasm is imported only by that worker.
 */
const BATCH_ROWS = 65_536;

type WorkerMessage =
  | { type: "meta"; rows: number; head: Uint8Array }
  | { type: "batch"; ipc: Uint8Array }
  | { type: "done" }
  | { type: "error"; message: string };

export async function openParquet(file: string): Promise<RecordSource> {
  const size = (await stat(file)).size;
  const worker = new Worker(WORKER_URL, { workerData: { file, batchSize: BATCH_ROWS } });
  worker.unref();
  const inbox = new Inbox(worker, file);
  const meta = await inbox.next();
  if (meta.type !== "meta") {
    await worker.terminate();
    throw new InputError(
      "bad_parquet",
      `${file}: ${meta.type === "error" ? meta.message : "not a readable Parquet file"}`,
      { file },
    );
  }
  const columns = tableFromIPC(meta.head).schema.fields.map((f) => f.name);
  const totalRows = meta.rows;
  let rowsRead = 0;
  return {
    file,
    format: "parquet",
    columns,
    totalBytes: size,
    // Parquet is read by row groups: progress is reported in rows, scaled to bytes.
    bytesRead: () => (totalRows > 0 ? Math.round((rowsRead / totalRows) * size) : size),
    // a source opened and never read (a missing column found before reading) must still end its worker
    close: async () => void (await worker.terminate()),
    async *batches() {
      try {
        worker.postMessage("next");
        for (;;) {
          const m = await inbox.next();
          if (m.type === "done") break;
          if (m.type !== "batch")
            throw new InputError(
              "bad_parquet",
              `${file}: ${m.type === "error" ? m.message : "unexpected reader message"} (after row ${rowsRead})`,
              { file },
            );
          worker.postMessage("next"); // decode the next batch while this one is normalised
          const table = tableFromIPC(m.ipc);
          for (const batch of table.batches) {
            yield new ParquetBatch(columns, table, batch.data.children as Data[], rowsRead);
            rowsRead += batch.numRows;
          }
        }
      } finally {
        await worker.terminate();
      }
    },
  };
}

/** Messages of the decoding worker, in order; a worker that dies (wasm panic) becomes an error message. */
class Inbox {
  private queue: WorkerMessage[] = [];
  private waiting: ((m: WorkerMessage) => void) | null = null;
  constructor(worker: Worker, file: string) {
    worker.on("message", (m: WorkerMessage) => this.push(m));
    worker.on("error", (e) =>
      this.push({ type: "error", message: `corrupt Parquet data (the decoder failed: ${e.message})` }),
    );
    worker.on(
      "exit",
      (code) =>
        code !== 0 &&
        this.push({ type: "error", message: `the Parquet decoder stopped (exit ${code}) reading ${file}` }),
    );
  }
  next(): Promise<WorkerMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    return new Promise((resolve) => (this.waiting = resolve));
  }
  private push(m: WorkerMessage): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w(m);
    } else this.queue.push(m);
  }
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "parquet-worker"));

class ParquetBatch implements RawBatch {
  readonly length: number;
  readonly cursors: CellCursor[];
  constructor(
    private readonly columns: string[],
    private readonly table: Table,
    children: Data[],
    private readonly firstRow: number,
  ) {
    this.length = children[0]?.length ?? 0;
    this.cursors = children.map((d) => arrowCursor(d));
  }
  line(row: number): number {
    return this.firstRow + row + 1;
  }
  raw(row: number): string {
    const out: Record<string, unknown> = {};
    this.columns.forEach((name, c) => {
      const cur = this.cursors[c];
      const t = cur.at(row);
      out[name] =
        t === CELL_BYTES
          ? new TextDecoder().decode(cur.buf.subarray(cur.start, cur.end))
          : t === CELL_NUMBER
            ? cur.num
            : null;
    });
    return JSON.stringify(out);
  }
  problem(): null {
    return null;
  }
}

function arrowCursor(d: Data): CellCursor {
  switch (d.typeId) {
    case Type.Utf8:
    case Type.LargeUtf8:
      return new Utf8Cursor(d);
    case Type.Dictionary:
      return new DictionaryCursor(d);
    case Type.Timestamp: {
      // with a zone (isAdjustedToUTC) the value is an instant; without, a wall-clock time read in --tz
      const type = d.type as unknown as { unit: number; timezone?: string | null };
      return new NumberCursor(d, timestampScale(type.unit), true, !type.timezone);
    }
    case Type.Date:
      return new NumberCursor(d, (d.type as unknown as { unit: number }).unit === 0 ? 86_400_000 : 1, true, true);
    case Type.Int:
    case Type.Float:
      return new NumberCursor(d, 1, false);
    default:
      return new MissingCursor();
  }
}

function timestampScale(unit: number): number {
  return [1000, 1, 1e-3, 1e-6][unit] ?? 1;
}

class Utf8Cursor extends CursorBase {
  private readonly offsets: Int32Array | BigInt64Array;
  constructor(private readonly d: Data) {
    super();
    this.buf = d.values as Uint8Array;
    this.offsets = d.valueOffsets as Int32Array;
  }
  at(row: number): CellType {
    if (!isValidAt(this.d, row)) return CELL_MISSING;
    const i = this.d.offset + row;
    this.start = Number(this.offsets[i]);
    this.end = Number(this.offsets[i + 1]);
    return this.end > this.start ? CELL_BYTES : CELL_MISSING;
  }
}

class DictionaryCursor extends CursorBase {
  private readonly inner: CellCursor;
  constructor(private readonly d: Data) {
    super();
    this.inner = arrowCursor(d.dictionary!.data[0]);
    this.buf = this.inner.buf;
  }
  at(row: number): CellType {
    if (!isValidAt(this.d, row)) return CELL_MISSING;
    const key = Number((this.d.values as Int32Array)[this.d.offset + row]);
    const t = this.inner.at(key);
    this.buf = this.inner.buf;
    this.start = this.inner.start;
    this.end = this.inner.end;
    this.num = this.inner.num;
    return t;
  }
}

class NumberCursor extends CursorBase {
  override buf = new Uint8Array(24);
  private readonly values: ArrayLike<number | bigint>;
  private readonly wide: boolean;
  constructor(
    private readonly d: Data,
    private readonly scale: number,
    override readonly isEpochMs: boolean,
    override readonly isWallClock = false,
  ) {
    super();
    this.values = d.values as ArrayLike<number | bigint>;
    this.wide = d.values instanceof BigInt64Array || d.values instanceof BigUint64Array;
  }
  at(row: number): CellType {
    if (!isValidAt(this.d, row)) return CELL_MISSING;
    const raw = this.values[this.d.offset + row];
    if (this.wide && !this.isEpochMs && (raw > MAX_SAFE || raw < -MAX_SAFE)) {
      // 64-bit ids beyond 2^53 would lose digits as numbers: hand them over as their decimal text
      const text = String(raw);
      this.start = 0;
      this.end = text.length;
      for (let i = 0; i < text.length; i++) this.buf[i] = text.charCodeAt(i);
      return CELL_BYTES;
    }
    const v = Number(raw) * this.scale;
    if (v !== v) return CELL_MISSING; // pandas writes missing floats as NaN
    this.num = v;
    return CELL_NUMBER;
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

class MissingCursor extends CursorBase {
  at(): CellType {
    return CELL_MISSING;
  }
}
