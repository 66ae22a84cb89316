import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { EventColumns } from "../../src/data/event-columns.js";
import type { EventDictionaries } from "../../src/data/event-table.js";
import { EventKind, type EventKindName } from "../../src/data/event-kind.js";
import { RowError } from "../../src/errors.js";
import { ExplodedBatch } from "../../src/io/exploded-batch.js";
import type { QuarantineRow } from "../../src/io/quarantine.js";
import { openNestedParquet } from "../../src/io/read-nested-parquet.js";
import type { RawBatch } from "../../src/io/raw-batch.js";
import { FlatRecordNormaliser } from "../../src/ingest/flat-normaliser.js";
import { IngestCounters } from "../../src/ingest/ingest-counters.js";
import { findPreset } from "../../src/ingest/presets.js";
import { RecordNormaliser } from "../../src/ingest/record-normaliser.js";
import { resolveFields } from "../../src/ingest/resolve-fields.js";
import { Ga4Exploder } from "../../src/ingest/sources/ga4.js";
import { zoneResolver } from "../../src/ingest/time-zone.js";
import { tempDir } from "../helpers.js";
import { awkward } from "./ga4-awkward.js";
// @ts-expect-error a plain JavaScript module without types (the test and the GA4 bench share it)
import { writeGa4Parquet } from "../../scripts/ga4-parquet.mjs";

/**
 * The GA4 Parquet fast path (FlatRecordNormaliser over a batch's flat columns) against the general path
 * (RecordNormaliser over the cursors) on awkward exports: both must give the same columns, codes, counts, event names
 * and quarantine rows in the same order.
 */
const tmp = tempDir("cartlift-flat-normaliser-");
interface Run {
  out: EventColumns;
  dicts: EventDictionaries;
  counters: IngestCounters;
  rejects: QuarantineRow[];
  own: unknown;
  flatBatches: number;
}

async function normalise(
  file: string,
  fast: boolean,
  opts: { strict?: boolean; events?: Record<string, EventKindName> } = {},
): Promise<Run> {
  const source = await openNestedParquet(file, new Ga4Exploder());
  const spec = findPreset("ga4")!.variants[0].spec;
  const dicts: EventDictionaries = {
    user: new Dictionary(),
    session: new Dictionary(),
    item: new Dictionary(),
    category: new Dictionary(),
    order: new Dictionary(),
  };
  const run: Run = {
    out: new EventColumns(),
    dicts,
    counters: new IngestCounters(),
    rejects: [],
    own: null,
    flatBatches: 0,
  };
  const ctx = {
    file,
    sourceIndex: 0,
    columns: source.columns,
    fields: resolveFields(file, source.columns, spec, {}),
    spec,
    eventOverrides: opts.events ?? {},
    dicts,
    out: run.out,
    rejects: { write: (row: QuarantineRow) => void run.rejects.push(row) },
    counters: run.counters,
    strict: opts.strict === true,
    local: zoneResolver(undefined),
  };
  const normaliser = fast ? new FlatRecordNormaliser(ctx) : new RecordNormaliser(ctx);
  for await (const batch of source.batches()) {
    if (batch instanceof ExplodedBatch && batch.flat) run.flatBatches++;
    normaliser.process(batch as RawBatch);
  }
  normaliser.finish();
  run.own = { ...normaliser.counters };
  return run;
}

function summary(run: Run): unknown {
  const { out, dicts, counters } = run;
  const cols = ["ts", "user", "session", "item", "kind", "price", "quantity", "category", "order", "source", "line"];
  return {
    columns: Object.fromEntries(
      cols.map((c) => [c, Array.from((out as unknown as Record<string, ArrayLike<number>>)[c]).slice(0, out.length)]),
    ),
    ids: Object.fromEntries(Object.entries(dicts).map(([k, d]) => [k, (d as Dictionary).ids()])),
    counters: {
      ...counters,
      byReason: [...counters.byReason],
      byKind: Array.from(counters.byKind),
      eventNames: [...counters.eventNames],
      unknownEvents: [...counters.unknownEvents],
    },
    rejects: run.rejects,
    own: run.own,
  };
}

describe("FlatRecordNormaliser (GA4 Parquet fast path)", () => {
  it("gives the general path's columns, codes, counts and quarantine rows on awkward exports, across batches", async () => {
    for (const [seed, rowGroup] of [
      [1, 7],
      [2, 64],
      [3, 1000],
    ]) {
      const file = tmp.path(`awkward-${seed}.parquet`);
      await writeGa4Parquet(awkward(600, seed), file, rowGroup);
      const fast = await normalise(file, true);
      const general = await normalise(file, false);
      expect(fast.flatBatches).toBeGreaterThan(0);
      expect(summary(fast)).toEqual(summary(general));
      // the export is awkward enough: rejections of several kinds, left-out names, returns, anonymous users
      const reasons = new Set(fast.rejects.map((q) => q.reason));
      for (const reason of ["missing_value", "bad_price", "bad_number"]) expect(reasons).toContain(reason);
      expect(fast.counters.leftOut).toBeGreaterThan(0);
      expect(fast.out.length).toBeGreaterThan(200);
      expect(fast.dicts.user.ids().some((u) => u.startsWith("U"))).toBe(true);
      expect(fast.counters.byKind[EventKind.return]).toBeGreaterThan(0);
    }
  });

  it("maps --events overrides as the general path does, and with --strict stops at the same row", async () => {
    const file = tmp.path("overrides.parquet");
    await writeGa4Parquet(awkward(300, 9), file, 50);
    const events: Record<string, EventKindName> = { page_view: "view", scroll: "wishlist_add" };
    const fast = await normalise(file, true, { events });
    expect(summary(fast)).toEqual(summary(await normalise(file, false, { events })));
    expect(fast.counters.byKind.some((k) => k > 0)).toBe(true);
    const failure = async (fastPath: boolean) =>
      normalise(file, fastPath, { strict: true }).then(
        () => null,
        (e: unknown) => e,
      );
    const [a, b] = [await failure(true), await failure(false)];
    expect(a).toBeInstanceOf(RowError);
    expect(a).toEqual(b);
    expect((a as RowError).message).toBe((b as RowError).message);
  });
});
