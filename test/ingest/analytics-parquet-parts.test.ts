import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { defaultNestedParts, planParts } from "../../src/ingest/sources/nested-parts.js";
import { REPO, tempDir } from "../helpers.js";
// @ts-expect-error a plain JavaScript module without types (the test and the GA4 bench share it)
import { writeGa4Parquet } from "../../scripts/ga4-parquet.mjs";

/**
 * A GA4 Parquet export read in parts of row groups on several threads must give the bytes of reading it in one piece:
 * the same dictionary codes, quarantine rows, counts, left-out names and intraday duplicates, even when a duplicate's
 * first copy is in another part.
 */
const FIX = join(REPO, "test", "fixtures", "sources", "ga4", "events.jsonl");
const tmp = tempDir("cartlift-ga4-parts-");
const records = (): Record<string, unknown>[] =>
  readFileSync(FIX, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe("planParts", () => {
  it("planParts([4 x7, 1], 3) cuts consecutive row groups where the rows pass each third", () => {
    expect(planParts([4, 4, 4, 4, 4, 4, 4, 1], 3)).toEqual([
      { groups: [0, 1, 2], firstRow: 0, rows: 12 },
      { groups: [3, 4], firstRow: 12, rows: 8 },
      { groups: [5, 6, 7], firstRow: 20, rows: 9 },
    ]);
  });

  it("planParts gives one part for one row group, and never more parts than groups", () => {
    expect(planParts([10], 4)).toEqual([{ groups: [0], firstRow: 0, rows: 10 }]);
    expect(planParts([5, 5], 4).map((p) => p.groups)).toEqual([[0], [1]]);
  });
});

describe("defaultNestedParts", () => {
  it("defaultNestedParts(cores) is a part per two cores, at least 1 and at most 4", () => {
    expect([1, 2, 3, 4, 5, 6, 8, 16].map(defaultNestedParts)).toEqual([1, 1, 1, 2, 2, 3, 4, 4]);
  });
});

describe("ingest --preset ga4 of a Parquet export in parts", () => {
  it("gives the same dataset, quarantine, report and duplicates on 3 threads as on one, across parts", async () => {
    const fixture = records();
    // a second shop's copy (new users, sessions, orders first seen in a later part), then a late copy of the first
    // product view: an intraday duplicate whose first copy is two parts earlier
    const copy = fixture.map((r) => ({
      ...r,
      user_pseudo_id: `${String(r.user_pseudo_id)}-b`,
      ecommerce: r.ecommerce ? { transaction_id: `B-${String((r.ecommerce as Obj).transaction_id)}` } : null,
    }));
    const firstView = fixture.find((r) => r.event_name === "view_item")!;
    const all = [...fixture, ...copy, { ...firstView }];
    const file = tmp.path("parts.parquet");
    await writeGa4Parquet(all, file, 4);
    const one = await ingest({ inputs: [file], out: tmp.path("one"), preset: "ga4", threads: 1 });
    const three = await ingest({
      inputs: [file],
      out: tmp.path("three"),
      preset: "ga4",
      threads: 3,
      parallelMinBytes: 0,
    });
    expect(one.threads).toBe(1);
    expect(three.threads).toBe(3);
    for (const f of ["events.arrow", "manifest.json", "quarantine.csv"])
      expect(readFileSync(tmp.path(`three/${f}`)), f).toEqual(readFileSync(tmp.path(`one/${f}`)));
    // everything but where it was written and what measures the machine
    const same = (r: typeof one) => ({
      ...r,
      ...{ out: null, quarantine: null, seconds: 0, phaseSeconds: null, threads: 0, peakRssMB: 0, rowsPerSecond: 0 },
    });
    expect(same(three)).toEqual(same(one));
    // the fixture's duplicate in each copy, and the late copy of the first view
    expect(three.mapping.sources[0].records).toMatchObject({ duplicatesSkipped: 3 });
    expect(three.accepted).toBe(22);
    expect(three.rejected).toBe(2);
  });

  it("two exports whose sessions overlap: read in one piece each (sessions told apart at each file's end) as in parts", async () => {
    const fixture = records();
    // the second file repeats the first's sessions (the same pseudo ids and ga_session_id) and adds a shop's copy
    const copy = fixture.map((r) => ({ ...r, user_pseudo_id: `${String(r.user_pseudo_id)}-b` }));
    const later = fixture.map((r) => ({ ...r, event_timestamp: String(Number(r.event_timestamp) + 1000) }));
    const [a, b] = [tmp.path("a.parquet"), tmp.path("b.parquet")];
    await writeGa4Parquet(fixture, a, 4);
    await writeGa4Parquet([...copy, ...later], b, 4);
    const one = await ingest({ inputs: [a, b], out: tmp.path("ab-one"), preset: "ga4", threads: 1 });
    const parts = await ingest({
      inputs: [a, b],
      out: tmp.path("ab-parts"),
      preset: "ga4",
      threads: 3,
      parallelMinBytes: 0,
    });
    expect(parts.threads).toBe(3);
    for (const f of ["events.arrow", "quarantine.csv"])
      expect(readFileSync(tmp.path(`ab-parts/${f}`)), f).toEqual(readFileSync(tmp.path(`ab-one/${f}`)));
    // the second file's sessions of the first shop are the first file's: the copy's are new
    const sessionsOfA = (await ingest({ inputs: [a], out: tmp.path("a-only"), preset: "ga4" })).dataset.sessions;
    expect(one.dataset.sessions).toBe(2 * sessionsOfA);
  });
});

type Obj = Record<string, unknown>;
