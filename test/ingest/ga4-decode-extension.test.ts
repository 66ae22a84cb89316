import { describe, expect, it, vi } from "vitest";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { openParquetStream } from "../../src/io/parquet-stream.js";
import { openNestedParquet } from "../../src/io/read-nested-parquet.js";
import { CELL_BYTES, CELL_NUMBER, type RawBatch } from "../../src/io/raw-batch.js";
import { afterDecode } from "../../src/ingest/sources/ga4-decode-extension.js";
import { Ga4Exploder } from "../../src/ingest/sources/ga4.js";
import { tempDir } from "../helpers.js";
import { awkward } from "./ga4-awkward.js";
// @ts-expect-error a plain JavaScript module without types (the test and the GA4 bench share it)
import { writeGa4Parquet } from "../../scripts/ga4-parquet.mjs";

/**
 * GA4 batches flattened on the decoding worker (afterDecode) and taken on the reading thread (adoptColumns) against
 * the same batches flattened on the reading thread (explodeColumns): the same rows, cells and record lines, and the
 * same duplicate and identity counts, on awkward exports with intraday duplicates within and across batches.
 */
const tmp = tempDir("cartlift-ga4-decode-extension-");
const text = new TextDecoder();

/** Every cell of every row, as the normaliser's cursors read it, with the row's record line. */
function cells(batch: RawBatch): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 0; r < batch.length; r++)
    out.push([
      batch.line(r),
      ...batch.cursors.map((c) => {
        const t = c.at(r);
        return t === CELL_BYTES ? text.decode(c.buf.subarray(c.start, c.end)) : t === CELL_NUMBER ? c.num : null;
      }),
    ]);
  return out;
}

describe("GA4 batches flattened on the decoding worker", () => {
  it("adoptColumns of afterDecode's parts gives explodeColumns' rows and counts, duplicates left out", async () => {
    for (const [seed, rowGroup] of [
      [4, 9],
      [5, 100],
    ]) {
      const records = awkward(500, seed);
      // intraday duplicates of earlier events, some many batches later
      const file = tmp.path(`adopt-${seed}.parquet`);
      await writeGa4Parquet([...records, ...records.slice(0, 40)], file, rowGroup);
      const [here, there] = [new Ga4Exploder(), new Ga4Exploder()];
      const stream = await openParquetStream(file, 64);
      let firstRow = 0;
      let adopted = 0;
      for await (const table of stream.tables()) {
        const parts = afterDecode(tableToIPC(table, "stream"))!.extra;
        expect(parts).toHaveLength(table.batches.length);
        table.batches.forEach((batch, i) => {
          const a = here.explodeColumns(batch, firstRow)!;
          const b = there.adoptColumns(batch, firstRow, parts[i])!;
          expect(b.length).toBe(a.length);
          expect(cells(b)).toEqual(cells(a));
          adopted += b.length;
          firstRow += batch.numRows;
        });
      }
      expect(there.counts()).toEqual(here.counts());
      expect(there.counts().duplicatesSkipped).toBeGreaterThanOrEqual(40);
      expect(adopted).toBeGreaterThan(500);
    }
  });

  it("afterDecode leaves a batch it cannot flatten to the reading thread (null), and adoptColumns a part not the batch's", async () => {
    const odd = tableFromArrays({ event_timestamp: ["1709280000000000"], event_name: ["view_item"] });
    expect(afterDecode(tableToIPC(odd, "stream"))).toBeNull();
    const file = tmp.path("small.parquet");
    await writeGa4Parquet(awkward(50, 6), file, 50);
    const stream = await openParquetStream(file, 20);
    const tables = [];
    for await (const t of stream.tables()) tables.push(t);
    const parts = afterDecode(tableToIPC(tables[0], "stream"))!.extra;
    const exploder = new Ga4Exploder();
    // the first part (20 events) with the last batch (10): nothing is counted
    expect(tables.at(-1)!.numRows).toBe(10);
    expect(exploder.adoptColumns(tables.at(-1)!.batches[0], 40, parts[0])).toBeNull();
    expect(exploder.counts()).toMatchObject({
      eventsWithUserId: 0,
      eventsWithAnonymousIdOnly: 0,
      duplicatesSkipped: 0,
    });
  });

  it("openNestedParquet of a GA4 export takes every batch from the decoding worker", async () => {
    const file = tmp.path("worker.parquet");
    await writeGa4Parquet(awkward(300, 7), file, 40);
    const adopt = vi.spyOn(Ga4Exploder.prototype, "adoptColumns");
    const explode = vi.spyOn(Ga4Exploder.prototype, "explodeColumns");
    const source = await openNestedParquet(file, new Ga4Exploder());
    let rows = 0;
    for await (const batch of source.batches()) rows += batch.length;
    expect(rows).toBeGreaterThan(300);
    expect(adopt).toHaveBeenCalled();
    expect(adopt.mock.results.every((r) => r.value !== null)).toBe(true);
    expect(explode).not.toHaveBeenCalled();
    adopt.mockRestore();
    explode.mockRestore();
  });
});
