import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import type { EventColumnArrays } from "../../src/data/event-table.js";
import { DATASET_FORMAT, DATASET_SCHEMA_VERSION, type DatasetManifest } from "../../src/io/dataset-format.js";
import { datasetBatches, readDataset, readManifest } from "../../src/io/read-dataset.js";
import { writeDatasetBatches } from "../../src/io/write-dataset.js";
import { tempDir } from "../helpers.js";

const tmp = tempDir("cartlift-events-file-");

/** Rows from..to of a made-up log: every column a different function of the row number, some nulls. */
function rows(from: number, to: number): { columns: EventColumnArrays; length: number } {
  const n = to - from;
  const c = {
    ts: new Float64Array(n),
    user: new Int32Array(n),
    session: new Int32Array(n),
    item: new Int32Array(n),
    kind: new Uint8Array(n),
    price: new Float64Array(n),
    quantity: new Int32Array(n),
    category: new Int32Array(n),
    order: new Int32Array(n),
  };
  for (let j = 0; j < n; j++) {
    const i = from + j;
    c.ts[j] = 1.7e12 + i * 60_000;
    c.user[j] = i >> 3;
    c.session[j] = i >> 2;
    c.item[j] = (i * 5) % 7;
    c.kind[j] = i % 8;
    c.price[j] = i % 4 === 0 ? NaN : i + 0.5;
    c.quantity[j] = 1 + (i % 3);
    c.category[j] = i % 5 === 0 ? -1 : i % 2;
    c.order[j] = i % 8 === 5 ? i >> 3 : -1;
  }
  return { columns: c, length: n };
}

const ids = (p: string, n: number) => Dictionary.fromStrings(Array.from({ length: n }, (_, i) => `${p}${i}`));
const N = 100;
const dicts = {
  user: ids("u", N >> 3 || 1),
  session: ids("s", N >> 2),
  item: ids("i", 7),
  category: ids("c", 2),
  order: ids("o", N >> 3),
};
const manifest = { format: DATASET_FORMAT, schemaVersion: DATASET_SCHEMA_VERSION, events: N } as DatasetManifest;

function write(dir: string): string {
  writeDatasetBatches(dir, dicts, [rows(0, 37), rows(37, 38), rows(38, N)], manifest);
  return dir;
}

describe("events.arrow streamed by record batch", () => {
  it("writeDatasetBatches(3 uneven batches) then readDataset gives every column back in order, nulls included", () => {
    const { table } = readDataset(write(tmp.path("three")));
    const want = rows(0, N).columns;
    expect(table.length).toBe(N);
    for (const k of Object.keys(want) as (keyof EventColumnArrays)[])
      expect(Array.from(table[k]), k).toEqual(Array.from(want[k]));
    expect(table.dicts.order.get(table.order[5])).toBe("o0");
    expect(table.dicts.session.size).toBe(N >> 2);
    expect(readManifest(tmp.path("three")).eventsFile?.rows).toBe(N);
  });

  it("readDataset and datasetBatches of 6 batches, large and small in turn, give every row: no batch read over another", () => {
    const dir = tmp.path("six");
    const cuts = [0, 40, 41, 42, 70, 71, N];
    writeDatasetBatches(
      dir,
      dicts,
      cuts.slice(1).map((to, i) => rows(cuts[i], to)),
      manifest,
    );
    const want = rows(0, N).columns;
    const { table } = readDataset(dir);
    for (const k of Object.keys(want) as (keyof EventColumnArrays)[])
      expect(Array.from(table[k]), k).toEqual(Array.from(want[k]));
    const streamed: number[] = [];
    for (const { columns, length } of datasetBatches(dir)) streamed.push(...columns.ts.subarray(0, length));
    expect(streamed).toEqual(Array.from(want.ts));
  });

  it("readDataset refuses an events.arrow with one byte changed inside a batch (same size): dataset_mismatch", () => {
    const dir = write(tmp.path("flipped"));
    const path = join(dir, "events.arrow");
    const bytes = readFileSync(path);
    bytes[bytes.length >> 1] ^= 1;
    writeFileSync(path, bytes);
    expect(() => readDataset(dir)).toThrow(/does not match its manifest \(sha256/);
  });

  it("readDataset of a cut events.arrow under a manifest without a seal (an older dataset) fails as bad_events_file", () => {
    const dir = write(tmp.path("cut"));
    const path = join(dir, "events.arrow");
    writeFileSync(path, readFileSync(path).subarray(0, 900));
    const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8"));
    delete m.eventsFile;
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
    expect(() => readDataset(dir)).toThrow(expect.objectContaining({ code: "bad_events_file" }));
  });
});
