import { openAsBlob } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { tableFromIPC, type Schema } from "apache-arrow";
import { withDictionaryHint } from "./parquet-dictionary-hint.js";

/**
 * Worker thread that decodes a Parquet file with parquet-wasm and hands over Arrow IPC buffers, one
 * record batch per "next" request. Decoding here overlaps with normalising in the main thread, and a
 * corrupt file that makes the wasm module panic ends this worker, not the ingest.
 */
const { file, batchSize, dictionaryColumns } = workerData as {
  file: string;
  batchSize: number;
  dictionaryColumns: string[];
};
const port = parentPort!;

type Batch = { intoIPCStream(): Uint8Array };
type ParquetFile = Awaited<ReturnType<typeof import("parquet-wasm").ParquetFile.fromFile>>;

async function main(): Promise<void> {
  const pw = await import("parquet-wasm");
  let pf: ParquetFile;
  try {
    pf = await pw.ParquetFile.fromFile(await openAsBlob(file));
  } catch (e) {
    port.postMessage({ type: "error", message: `not a readable Parquet file (${(e as Error).message ?? e})` });
    return;
  }
  const meta = pf.metadata();
  const rows = Number(meta.fileMetadata().numRows());
  const groupRows = meta.rowGroups().map((g) => Number(g.numRows()));
  const head = (await pf.read({ limit: 1 })).intoIPCStream();
  if (dictionaryColumns.length > 0) pf = await hinted(pw, pf, tableFromIPC(head).schema);
  port.postMessage({ type: "meta", rows, groupRows, head }, [head.buffer as ArrayBuffer]);
  const stream = (await pf.stream({ batchSize })) as AsyncIterable<Batch>;
  const batches = stream[Symbol.asyncIterator]();
  port.on("message", async () => {
    try {
      const next = await batches.next();
      if (next.done) port.postMessage({ type: "done" });
      else {
        const ipc = next.value.intoIPCStream();
        port.postMessage({ type: "batch", ipc }, [ipc.buffer as ArrayBuffer]);
      }
    } catch (e) {
      port.postMessage({ type: "error", message: `corrupt Parquet data (${(e as Error).message ?? e})` });
    }
  });
}

/** The file read with dictionaryColumns as Arrow dictionaries, or as it is when the hint cannot be applied. */
async function hinted(pw: typeof import("parquet-wasm"), pf: ParquetFile, schema: Schema): Promise<ParquetFile> {
  try {
    const blob = await withDictionaryHint(await openAsBlob(file), schema, dictionaryColumns);
    return blob ? await pw.ParquetFile.fromFile(blob) : pf;
  } catch {
    return pf; // a footer this reader cannot rewrite: read the columns as text
  }
}

main().catch((e) => port.postMessage({ type: "error", message: String((e as Error).message ?? e) }));
