import { openAsBlob } from "node:fs";
import { tableFromIPC, type Table } from "apache-arrow";
import { InputError } from "../errors.js";

/**
 * Some row groups of a Parquet file, decoded by parquet-wasm on the calling thread (a worker reading its share of a
 * file: see ingest/sources/nested-parts.ts), as Arrow tables of up to `batchRows` rows, in file order.
 */
export async function* readRowGroups(file: string, groups: number[], batchRows: number): AsyncGenerator<Table> {
  const pw = await import("parquet-wasm");
  let pf: Awaited<ReturnType<typeof pw.ParquetFile.fromFile>>;
  try {
    pf = await pw.ParquetFile.fromFile(await openAsBlob(file));
  } catch (e) {
    throw new InputError("bad_parquet", `${file}: not a readable Parquet file (${(e as Error).message ?? e})`, {
      file,
    });
  }
  const stream = (await pf.stream({ batchSize: batchRows, rowGroups: groups })) as AsyncIterable<{
    intoIPCStream(): Uint8Array;
  }>;
  let rows = 0;
  try {
    for await (const batch of stream) {
      const table = tableFromIPC(batch.intoIPCStream());
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
