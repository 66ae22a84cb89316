import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/data/random.js";
import type { EventTable } from "../../src/data/event-table.js";
import { detectDrops } from "../../src/prices/detect-drops.js";
import { dailyMedians } from "../../src/prices/daily-medians.js";
import { DROP_DEFAULTS, type DropRules } from "../../src/prices/drop-rules.js";
import { pricedRows } from "../../src/prices/priced-rows.js";
import { T0, timeline, type Row } from "../moments/timeline.js";

const DAY_MIN = 1440;

/** One item's series: [day, price] pairs, each seen by its own user (events of every user count). */
function series(points: [number, number][], item = "a"): Row[] {
  return points.map(([day, price], x) => [`u${x}`, null, day * DAY_MIN, "view", item, price] as Row);
}

/** The table sorted by user then time, as ingest holds it. */
function sorted(rows: Row[]): EventTable {
  return timeline([...rows].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2])));
}

function drops(rows: Row[], rules: DropRules = DROP_DEFAULTS) {
  const t = sorted(rows);
  const d = detectDrops(t, pricedRows(t), rules);
  return Array.from({ length: d.length }, (_, x) => ({
    item: t.dicts.item.get(d.item[x]),
    day: (d.at[x] - T0) / 86_400_000,
    reference: d.reference[x],
    price: d.price[x],
    depth: Math.round(d.depth[x] * 1000) / 1000,
    restoredDay: Number.isFinite(d.restoredAt[x]) ? (d.restoredAt[x] - T0) / 86_400_000 : null,
  }));
}

/** The definition, computed the slow way: every event's reference from scratch. */
function naiveDrops(points: [number, number][], rules: DropRules): { day: number; reference: number }[] {
  const byTime = [...points].sort((a, b) => a[0] - b[0]);
  const out: { day: number; reference: number }[] = [];
  let open: number | null = null;
  for (const [day, price] of byTime) {
    if (open !== null) {
      if (price >= rules.restoreShare * open) open = null;
      continue;
    }
    // the same arithmetic as the table's times (T0 + minutes x 60,000), so that window edges agree to the bit
    const at = (d: number) => T0 + d * DAY_MIN * 60_000;
    const ms = at(day);
    const window = byTime
      .filter(([d]) => at(d) < ms && at(d) >= ms - rules.referenceWindowMs)
      .map(([, p]) => p)
      .sort((a, b) => a - b);
    if (window.length < rules.minObservations) continue;
    const h = window.length >> 1;
    const ref = window.length % 2 ? window[h] : (window[h - 1] + window[h]) / 2;
    if (price <= (1 - rules.minDrop) * ref) {
      out.push({ day, reference: ref });
      open = ref;
    }
  }
  return out;
}

describe("detectDrops on hand-built price series", () => {
  it("detectDrops(flat prices) finds no drop", () => {
    expect(drops(series([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => [d, 10])))).toEqual([]);
  });

  it("detectDrops(noisy prices within 9% of the median) finds no drop", () => {
    const noisy = [10, 10.5, 9.6, 10.2, 9.8, 10.4, 9.2, 10.1, 9.3, 10];
    expect(drops(series(noisy.map((p, d) => [d, p])))).toEqual([]);
  });

  it("detectDrops(two drops with a restore between) finds both, each with its reference, price and depth", () => {
    const points: [number, number][] = [
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 10],
      [4, 8], // 20% below the median 10: a drop
      [5, 8],
      [6, 8],
      [7, 10], // >= 95% of 10: restored
      [8, 10],
      [9, 10],
      [10, 7], // window days 0..9: 8, 8, 8 and seven 10s: median 10, 30% below
    ];
    expect(drops(series(points))).toEqual([
      { item: "a", day: 4, reference: 10, price: 8, depth: 0.2, restoredDay: 7 },
      { item: "a", day: 10, reference: 10, price: 7, depth: 0.3, restoredDay: null },
    ]);
  });

  it("detectDrops(a fall without enough history) finds no drop: two earlier prices, or three outside the window", () => {
    expect(
      drops(
        series([
          [0, 10],
          [1, 10],
          [2, 5],
        ]),
      ),
    ).toEqual([]);
    expect(
      drops(
        series([
          [0, 10],
          [1, 10],
          [2, 10],
          [20, 5],
        ]),
      ),
    ).toEqual([]);
  });

  it("detectDrops counts only events strictly earlier: three prices at the drop's own time do not make a reference", () => {
    expect(
      drops(
        series([
          [0, 10],
          [0, 10],
          [0, 10],
          [0, 5],
        ]),
      ),
    ).toEqual([]);
    expect(
      drops(
        series([
          [0, 10],
          [0, 10],
          [0, 10],
          [0.5, 5],
        ]),
      ),
    ).toEqual([{ item: "a", day: 0.5, reference: 10, price: 5, depth: 0.5, restoredDay: null }]);
  });

  it("detectDrops starts no second drop before a restore: a further fall stays the same drop", () => {
    const points: [number, number][] = [
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 8],
      [4, 9],
      [5, 7],
      [6, 9.4],
    ];
    expect(drops(series(points)).map((d) => [d.day, d.restoredDay])).toEqual([[3, null]]);
  });

  it("detectDrops(restore then a second drop) measures the second against the window's median, dropped days in it", () => {
    // days 0-2 at 20, day 3 at 10 (drop), 4-5 at 10, day 6 at 19 (restore, >= 19), day 7 at 12:
    // window days 0..6 holds 20, 20, 20, 10, 10, 10, 19: median 19; 12 <= 0.9 x 19 = 17.1
    const points: [number, number][] = [
      [0, 20],
      [1, 20],
      [2, 20],
      [3, 10],
      [4, 10],
      [5, 10],
      [6, 19],
      [7, 12],
    ];
    expect(drops(series(points)).map((d) => [d.day, d.reference, d.price, d.restoredDay])).toEqual([
      [3, 20, 10, 6],
      [7, 19, 12, null],
    ]);
  });

  it("detectDrops skips missing and non-positive prices: they are no observations", () => {
    const rows = series([
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 5],
    ]);
    rows.splice(3, 0, ["x", null, 2.5 * DAY_MIN, "view", "a", 0], ["y", null, 2.6 * DAY_MIN, "view", "a"]);
    const t = sorted(rows);
    const p = pricedRows(t);
    expect([p.priced, p.missing, p.nonPositive]).toEqual([4, 1, 1]);
    expect(drops(rows).map((d) => [d.day, d.reference])).toEqual([[3, 10]]);
    expect(
      drops(
        series([
          [0, 10],
          [1, 0],
          [2, -3],
          [3, 5],
        ]),
      ),
    ).toEqual([]);
  });

  it("detectDrops keeps items apart: one item's prices are never another's reference", () => {
    const rows = [
      ...series(
        [
          [0, 10],
          [1, 10],
          [2, 10],
        ],
        "a",
      ),
      ...series([[3, 5]], "b"),
    ];
    expect(drops(rows)).toEqual([]);
  });

  it("detectDrops follows --min-drop and --min-observations", () => {
    const points: [number, number][] = [
      [0, 10],
      [1, 10],
      [2, 10],
      [3, 9.4],
    ];
    expect(drops(series(points))).toEqual([]);
    expect(drops(series(points), { ...DROP_DEFAULTS, minDrop: 0.05 }).map((d) => d.day)).toEqual([3]);
    expect(drops(series(points), { ...DROP_DEFAULTS, minDrop: 0.05, minObservations: 4 })).toEqual([]);
  });

  it("detectDrops agrees with the definition computed from scratch on 200 random series", () => {
    const random = seededRandom(7);
    for (let s = 0; s < 200; s++) {
      const points: [number, number][] = [];
      let day = 0;
      let level = 10;
      for (let e = 0; e < 40; e++) {
        day += Math.floor(random() * 30) / 10; // ties happen
        if (random() < 0.1) level = random() < 0.5 ? level * 0.8 : 10;
        points.push([day, Math.round(level * (0.95 + 0.1 * random()) * 10) / 10]);
      }
      const rules = { ...DROP_DEFAULTS, referenceWindowMs: (3 + (s % 10)) * 86_400_000 };
      // equal times come in input order for both (same user order in the table: u0, u1, ... sort as strings)
      const ordered = points.map((p, x) => [p, x] as const).sort((a, b) => a[0][0] - b[0][0] || a[1] - b[1]);
      const byTime = ordered.map(([p]) => p);
      const got = drops(
        series(byTime).map((r, x) => [`u${String(x).padStart(3, "0")}`, ...r.slice(1)] as Row),
        rules,
      );
      const r3 = (x: number) => Math.round(x * 1000) / 1000;
      expect(got.map((d) => ({ day: r3(d.day), reference: d.reference }))).toEqual(
        naiveDrops(byTime, rules).map((d) => ({ day: r3(d.day), reference: d.reference })),
      );
    }
  });
});

describe("dailyMedians", () => {
  it("dailyMedians(t) is the median of each item's priced events per UTC day, with their count", () => {
    const t = sorted(
      series([
        [0, 10],
        [0.1, 30],
        [0.2, 11],
        [1, 4],
        [1.5, 6],
        [2.2, 7],
      ]),
    );
    const d = dailyMedians(t, pricedRows(t));
    expect(Array.from(d.median)).toEqual([11, 5, 7]);
    expect(Array.from(d.events)).toEqual([3, 2, 1]);
    expect(Array.from(d.day, (ms) => new Date(ms).toISOString().slice(0, 10))).toEqual([
      "2026-01-05",
      "2026-01-06",
      "2026-01-07",
    ]);
  });
});
