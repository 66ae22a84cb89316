import type { RecordBatch, Table } from "apache-arrow";
import { plain } from "./arrow-plain.js";
import { JsonlBatch } from "./jsonl-batch.js";
import { readRowGroups } from "./parquet-row-groups.js";
import { openParquetStream } from "./parquet-stream.js";
import type { RawBatch, RecordSource } from "./raw-batch.js";
import type { RecordExploder } from "./record-exploder.js";

const BATCH_ROWS = 16_384;
const SAMPLE_RECORDS = 200;

/**
 * A Parquet export whose records nest their items (GA4's BigQuery export: items and event_params as lists of structs),
 * read through a preset's exploder. An exploder with a column path (`explodeColumns`) flattens each Arrow record batch
 * over typed arrays; otherwise each record is turned into the plain object its JSON export would hold (INT64 as
 * decimal strings, as BigQuery writes them) and exploded like a JSON line, so both formats give the same events.
 */
export async function openNestedParquet(file: string, exploder: RecordExploder): Promise<RecordSource> {
  const stream = await openParquetStream(file, BATCH_ROWS, {
    extension: exploder.decodeExtension,
    columns: exploder.projection,
    headRows: SAMPLE_RECORDS,
  });
  const tables = stream.decoded();
  let first: IteratorResult<{ table: Table; extra: unknown }>;
  try {
    // the sample has every column, whatever the exploder decodes: the check sees the whole record, and names the
    // fields left unused
    exploder.check(file, sample(stream.head, SAMPLE_RECORDS));
    first = await tables.next();
  } catch (e) {
    await tables.return(undefined);
    await stream.close(); // the generator may not have started: its own clean-up would not run
    throw e;
  }
  const { rows: totalRows, size } = stream;
  return {
    file,
    format: "parquet",
    columns: exploder.columns,
    totalBytes: size,
    bytesRead: () => (totalRows > 0 ? Math.round((stream.rowsRead() / totalRows) * size) : size),
    close: async () => void (await tables.return(undefined)),
    async *batches() {
      for (let t = first; !t.done; t = await tables.next()) {
        let firstRow = stream.rowsRead();
        const { table, extra } = t.value;
        // what the decoding worker flattened, a part per record batch
        const parts = Array.isArray(extra) && extra.length === table.batches.length ? (extra as unknown[]) : null;
        for (let i = 0; i < table.batches.length; i++) {
          const batch = table.batches[i];
          yield (parts && exploder.adoptColumns?.(batch, firstRow, parts[i])) || explode(batch, firstRow, exploder);
          firstRow += batch.numRows;
        }
      }
    },
    counts: () => exploder.counts(),
    unusedFields: () => exploder.unusedFields(),
    rowGroups: { rows: stream.groupRows, exploder },
  };
}

/** Row groups `groups` (consecutive, the first starting at row `firstRow`) read on this thread, exploded in batches. */
export async function* nestedRowGroupBatches(
  file: string,
  exploder: RecordExploder,
  groups: number[],
  firstRow: number,
): AsyncGenerator<RawBatch> {
  let row = firstRow;
  for await (const table of readRowGroups(file, groups, BATCH_ROWS, exploder.projection))
    for (const batch of table.batches) {
      yield explode(batch, row, exploder);
      row += batch.numRows;
    }
}

function explode(batch: RecordBatch, firstRow: number, exploder: RecordExploder): RawBatch {
  const columnar = exploder.explodeColumns?.(batch, firstRow);
  if (columnar) return columnar;
  const out = new JsonlBatch(exploder.columns);
  for (let i = 0; i < batch.numRows; i++) {
    const record = plain(batch.get(i)) as Record<string, unknown>;
    const raw = () => JSON.stringify(record);
    const problem = exploder.explode(record, (row) => out.add(firstRow + i + 1, row, raw));
    if (typeof problem === "object" && problem !== null) out.addProblem(firstRow + i + 1, raw(), problem);
  }
  return out;
}

function sample(table: Table, n: number): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < Math.min(n, table.numRows); i++) out.push(plain(table.get(i)) as Record<string, unknown>);
  return out;
}
