import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { readStateFiles } from "../../src/io/covis-state-files.js";
import { decodeState, type ListState } from "../../src/models/covis/state/covis-state.js";
import { parseStateSize } from "../../src/models/covis/state/state-options.js";
import type { GivenOptions } from "../../src/models/option-table.js";
import { simulate } from "../../src/pipeline/simulate.js";
import { train } from "../../src/pipeline/train.js";
import { tempDir } from "../helpers.js";

// --state with --engine duckdb (docs/scale-out.md#daily-increments): a night counted on DuckDB keeps the state the
// in-memory engine reads, so the next nights can be --incremental in memory.
const tmp = tempDir("cartlift-duckdb-state-");
let data = "";
const day = (d: number) => Date.parse("2024-01-01T00:00:00Z") + d * 86_400_000;
let serial = 0;

beforeAll(async () => {
  data = tmp.path("shop");
  await simulate({ out: data, config: { users: 1200, items: 500, days: 6, seed: 21 } });
}, 120_000);

async function trainTo(until: number, options: GivenOptions): Promise<Buffer> {
  const out = tmp.path(`m${serial++}.model`);
  await train({ kind: "covis", data, out, until, threads: 1, options });
  return readFileSync(out);
}

const duck = { engine: "duckdb", "memory-limit": 256e6, buckets: 3 };

/** Per anchor, neighbour -> weight. */
function entries(list: ListState): Map<number, Map<number, number>> {
  const m = new Map<number, Map<number, number>>();
  const r = list.rows;
  for (let i = 0; i < r.anchors.length; i++) {
    const row = new Map<number, number>();
    for (let q = r.starts[i]; q < r.starts[i + 1]; q++) row.set(r.b[q], r.w[q]);
    m.set(r.anchors[i], row);
  }
  return m;
}

describe("train covis --state --engine duckdb", () => {
  it("a DuckDB night then an in-memory increment equals two in-memory nights, byte for byte (integer weights)", async () => {
    // every pair weight is an event-type weight: the sums are exact in any order, on DuckDB's threads too
    const options = { "position-decay": false };
    const all = parseStateSize("all", "--state-k");
    const [onDuck, inMemory] = [tmp.path(`s${serial++}`), tmp.path(`s${serial++}`)];
    const duckNight = await trainTo(day(3), { ...options, ...duck, state: onDuck, "state-k": all });
    const memoryNight = await trainTo(day(3), { ...options, state: inMemory, "state-k": all });
    expect(duckNight.equals(memoryNight)).toBe(true);
    const [d, m] = [onDuck, inMemory].map((dir) => decodeState(readStateFiles(dir)!, dir));
    expect(d.lists[0].rows.b.length).toBeGreaterThan(1000);
    expect(entries(d.lists[0])).toEqual(entries(m.lists[0]));
    expect(d.lists[0].support).toEqual(m.lists[0].support);
    expect([d.lists[0].events, d.lists[0].nTimelines, d.untilMs]).toEqual([
      m.lists[0].events,
      m.lists[0].nTimelines,
      m.untilMs,
    ]);
    const afterDuck = await trainTo(day(5), { ...options, state: onDuck, "state-k": all, incremental: true });
    const afterMemory = await trainTo(day(5), { ...options, state: inMemory, "state-k": all, incremental: true });
    expect(afterDuck.equals(afterMemory)).toBe(true);
    expect(afterDuck.equals(await trainTo(day(5), options))).toBe(true);
  }, 120_000);

  it("with --state-k 5k the DuckDB night keeps each anchor's heaviest entries, as the in-memory night does", async () => {
    const k5 = parseStateSize("5k", "--state-k");
    const options = { "half-life": 2 * 86_400_000, k: 10 };
    const [onDuck, inMemory] = [tmp.path(`s${serial++}`), tmp.path(`s${serial++}`)];
    await trainTo(day(4), { ...options, ...duck, state: onDuck, "state-k": k5 });
    await trainTo(day(4), { ...options, state: inMemory, "state-k": k5 });
    const [d, m] = [onDuck, inMemory].map((dir) => decodeState(readStateFiles(dir)!, dir).lists[0]);
    expect(d.rows.anchors).toEqual(m.rows.anchors);
    expect(d.rows.starts).toEqual(m.rows.starts);
    // weights from DuckDB's sums (another float order): equal within 1e-9 relative, same neighbours where they differ
    // by more than that
    for (let q = 0; q < m.rows.w.length; q++) {
      expect(Math.abs(d.rows.w[q] - m.rows.w[q])).toBeLessThanOrEqual(1e-9 * m.rows.w[q]);
      const near = (at: number) => at >= 0 && at < m.rows.w.length && Math.abs(m.rows.w[at] - m.rows.w[q]) <= 1e-9;
      if (!near(q - 1) && !near(q + 1)) expect(d.rows.b[q]).toBe(m.rows.b[q]);
    }
  }, 120_000);
});
