import { stat } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { tableFromIPC, type Table } from "apache-arrow";
import { sibling, workerUrl } from "../worker-url.js";
import { InputError } from "../errors.js";

/**
 * A Parquet file as a stream of Arrow tables: parquet-wasm decodes in a worker thread (parquet-worker.ts) one record
 * batch ahead of the caller, so decoding overlaps with what the caller does with the previous batch, and a corrupt
 * file that makes the wasm module panic ends the worker, not the process. Flat and nested readers share it.
 */
export interface ParquetStream {
  readonly file: string;
  readonly size: number;
  readonly rows: number;
  /** Rows of each row group, in file order. */
  readonly groupRows: number[];
  /** The first row (or headRows rows), every column decoded: its schema names the columns (and their nested types). */
  readonly head: Table;
  /** Rows handed out so far, for progress and row numbers in messages. */
  rowsRead(): number;
  tables(): AsyncGenerator<Table>;
  /** The tables with what the decoding worker's extension sent along with each (null without one). */
  decoded(): AsyncGenerator<{ table: Table; extra: unknown }>;
  close(): Promise<void>;
}

type WorkerMessage =
  | { type: "meta"; rows: number; groupRows: number[]; head: Uint8Array }
  | { type: "batch"; ipc: Uint8Array; extra: unknown }
  | { type: "done" }
  | { type: "error"; message: string };

/** How a reader wants a Parquet file streamed (every option may be left out). */
export interface StreamOptions {
  /**
   * A module the decoding worker loads to work on each batch as well (see DecodeExtension in parquet-worker.ts), e.g.
   * to flatten a nested export there; what it returns comes with the table from `decoded`.
   */
  extension?: URL;
  /** The fields the reader reads (see projectedColumns): the tables hold only those; the head holds every column. */
  columns?: readonly string[];
  /** Rows of the head (1). */
  headRows?: number;
}

export async function openParquetStream(
  file: string,
  batchRows: number,
  o: StreamOptions = {},
): Promise<ParquetStream> {
  const size = (await stat(file)).size;
  const workerData = {
    file,
    batchSize: batchRows,
    extension: o.extension?.href,
    columns: o.columns ? [...o.columns] : undefined,
    headRows: o.headRows ?? 1,
  };
  const worker = new Worker(WORKER_URL, { workerData });
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
  let rowsRead = 0;
  async function* decoded(): AsyncGenerator<{ table: Table; extra: unknown }> {
    try {
      for (let k = 0; k < AHEAD; k++) worker.postMessage("next");
      for (;;) {
        const m = await inbox.next();
        if (m.type === "done") break;
        if (m.type !== "batch")
          throw new InputError(
            "bad_parquet",
            `${file}: ${m.type === "error" ? m.message : "unexpected reader message"} (after row ${rowsRead})`,
            { file },
          );
        worker.postMessage("next"); // keep AHEAD batches decoding while this one is used
        const table = tableFromIPC(m.ipc);
        yield { table, extra: m.extra };
        rowsRead += table.numRows;
      }
    } finally {
      await worker.terminate();
    }
  }
  return {
    file,
    size,
    rows: meta.rows,
    groupRows: meta.groupRows,
    head: tableFromIPC(meta.head),
    rowsRead: () => rowsRead,
    close: async () => void (await worker.terminate()),
    async *tables() {
      for await (const { table } of decoded()) yield table;
    },
    decoded,
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
/**
 * Batches asked of the worker before the first is used: two, so that a batch that takes the caller longer than the
 * next takes to decode (or the other way round) does not leave either thread waiting.
 */
const AHEAD = 2;
