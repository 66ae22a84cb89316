import { openAsBlob } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { leafPaths, projectedColumns } from "./parquet-projection.js";

/**
 * Worker thread that decodes a Parquet file with parquet-wasm and hands over Arrow IPC buffers, one
 * record batch per "next" request, with what a reader's DecodeExtension made of it. Decoding here overlaps with
 * normalising in the main thread, and a corrupt file that makes the wasm module panic ends this worker, not the
 * ingest.
 */
const { file, batchSize, extension, columns, headRows } = workerData as {
  file: string;
  batchSize: number;
  extension?: string;
  /** The fields the reader reads (see projectedColumns); the others are not decoded. */
  columns?: string[];
  /** Rows of the head, every column decoded (the reader's sample). */
  headRows: number;
};
const port = parentPort!;

type Batch = { intoIPCStream(): Uint8Array };
let ext: DecodeExtension | null = null;

/**
 * A reader's work on each decoded batch done here too, off the reading thread (see ParquetStream's `extension`): it
 * returns what to send along with the batch and the buffers to hand over (ones it made for this batch, or the IPC's).
 */
export interface DecodeExtension {
  afterDecode(ipc: Uint8Array): { extra: unknown; transfer: ArrayBuffer[] } | null;
}

async function main(): Promise<void> {
  // the extension (and the Arrow library it loads) loads while the file's footer is read; without it (a module that
  // fails to load) the reader does that work itself
  const extLoad = extension ? (import(extension) as Promise<DecodeExtension>).catch(() => null) : null;
  const pw = await import("parquet-wasm");
  let pf: Awaited<ReturnType<typeof pw.ParquetFile.fromFile>>;
  try {
    pf = await pw.ParquetFile.fromFile(await openAsBlob(file));
  } catch (e) {
    port.postMessage({ type: "error", message: `not a readable Parquet file (${(e as Error).message ?? e})` });
    return;
  }
  const meta = pf.metadata();
  const rows = Number(meta.fileMetadata().numRows());
  const groupRows = meta.rowGroups().map((g) => Number(g.numRows()));
  const head = (await pf.read({ limit: headRows })).intoIPCStream();
  ext = extLoad ? await extLoad : null;
  port.postMessage({ type: "meta", rows, groupRows, head }, [head.buffer as ArrayBuffer]);
  const projection = columns ? projectedColumns(leafPaths(pf), columns) : null;
  const stream = (await pf.stream({ batchSize, columns: projection ?? undefined })) as AsyncIterable<Batch>;
  const batches = stream[Symbol.asyncIterator]();
  port.on("message", async () => {
    try {
      const next = await batches.next();
      if (next.done) port.postMessage({ type: "done" });
      else {
        const ipc = next.value.intoIPCStream();
        const after = extend(ipc);
        const transfer = new Set([ipc.buffer as ArrayBuffer, ...(after?.transfer ?? [])]);
        port.postMessage({ type: "batch", ipc, extra: after?.extra ?? null }, [...transfer]);
      }
    } catch (e) {
      port.postMessage({ type: "error", message: `corrupt Parquet data (${(e as Error).message ?? e})` });
    }
  });
}

/** The extension's work on a batch; null (the reader does it) without one, or when it fails on this batch. */
function extend(ipc: Uint8Array): ReturnType<DecodeExtension["afterDecode"]> {
  try {
    return ext?.afterDecode(ipc) ?? null;
  } catch {
    return null;
  }
}

main().catch((e) => port.postMessage({ type: "error", message: String((e as Error).message ?? e) }));
