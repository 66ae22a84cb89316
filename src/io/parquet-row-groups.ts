import { openAsBlob } from "node:fs";
import { tableFromIPC, type Table } from "apache-arrow";
import { InputError } from "../errors.js";
import { withDictionaryHint } from "./parquet-dictionary-hint.js";

/**
 * Some row groups of a Parquet file, decoded by parquet-wasm on the calling thread (a worker reading its share of a
 * file: see ingest/sources/nested-parts.ts), as Arrow tables of up to `batchRows` rows, in file order; the text
 * fields `dictionaryColumns` as Arrow dictionaries (see parquet-dictionary-hint.ts).
 */
export async function* readRowGroups(
  file: string,
  groups: number[],
  batchRows: number,
  dictionaryColumns: readonly string[] = [],
): AsyncGenerator<Table> {
  const pw = await import("parquet-wasm");
  let pf: Awaited<ReturnType<typeof pw.ParquetFile.fromFile>>;
  const blob = await openAsBlob(file);
  try {
    pf = await pw.ParquetFile.fromFile(blob);
  } catch (e) {
    throw new InputError("bad_parquet", `${file}: not a readable Parquet file (${(e as Error).message ?? e})`, {
      file,
    });
  }
  if (dictionaryColumns.length > 0) {
    try {
      const schema = tableFromIPC((await pf.read({ limit: 1 })).intoIPCStream()).schema;
      const hinted = await withDictionaryHint(blob, schema, dictionaryColumns);
      if (hinted) pf = await pw.ParquetFile.fromFile(hinted);
    } catch {
      // a footer this reader cannot rewrite: the columns are read as text
    }
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
