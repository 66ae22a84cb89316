import { openAsBlob } from "node:fs";
import { Table } from "apache-arrow";
import { parseRecordBatch } from "arrow-js-ffi";
import { InputError } from "../errors.js";
import { leafPaths, projectedColumns } from "./parquet-projection.js";

/**
 * Some row groups of a Parquet file (the fields `columns` names, see projectedColumns; else every column), decoded by
 * parquet-wasm on the calling thread (a worker reading its share of a file: see ingest/sources/nested-parts.ts), as
 * Arrow tables of up to `batchRows` rows, in file order. Each batch is
 * read out of the wasm memory through the Arrow C data interface (one copy of each buffer; no Arrow IPC stream written
 * and parsed again), then freed on the wasm side.
 */
export async function* readRowGroups(
  file: string,
  groups: number[],
  batchRows: number,
  columns?: readonly string[],
): AsyncGenerator<Table> {
  const pw = await import("parquet-wasm");
  let pf: Awaited<ReturnType<typeof pw.ParquetFile.fromFile>>;
  try {
    pf = await pw.ParquetFile.fromFile(await openAsBlob(file));
  } catch (e) {
    throw new InputError("bad_parquet", `${file}: not a readable Parquet file (${(e as Error).message ?? e})`, {
      file,
    });
  }
  const projection = columns ? projectedColumns(leafPaths(pf), columns) : null;
  const options = { batchSize: batchRows, rowGroups: groups, columns: projection ?? undefined };
  const stream = (await pf.stream(options)) as AsyncIterable<{
    intoFFI(): { arrayAddr(): number; schemaAddr(): number; free(): void };
  }>;
  const memory = pw.wasmMemory();
  let rows = 0;
  try {
    for await (const batch of stream) {
      const ffi = batch.intoFFI();
      let table: Table;
      try {
        // copied (not views): the stream may decode the next batch, and grow the wasm memory, while this one is used
        table = new Table(parseRecordBatch(memory.buffer, ffi.arrayAddr(), ffi.schemaAddr(), true));
      } finally {
        ffi.free();
      }
      rows += table.numRows;
      yield table;
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(
      "bad_parquet",
      `${file}: corrupt Parquet data (${(e as Error).message ?? e}) (after row ${rows} of row groups ${groups[0]}-${groups[groups.length - 1]})`,
      { file },
    );
  }
}
