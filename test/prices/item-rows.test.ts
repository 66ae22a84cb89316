import { describe, expect, it } from "vitest";
import { firstAtOrAfter, itemRows } from "../../src/prices/item-rows.js";
import { seeded } from "../helpers.js";
import { T0, timeline, type Row } from "../moments/timeline.js";

/** Random events of a few items over `spanDays`, times in minutes with sub-millisecond parts and exact ties. */
function randomRows(seed: number, n: number, spanDays: number): Row[] {
  const rnd = seeded(seed);
  const rows: Row[] = Array.from({ length: n }, () => {
    const tie = rnd() < 0.2;
    const minute = tie ? Math.floor(rnd() * 20) : rnd() * spanDays * 1440;
    const sub = rnd() < 0.3 ? rnd() / 60_000 : 0; // below a millisecond
    return [`u${Math.floor(rnd() * 30)}`, null, minute + sub, "view", `i${Math.floor(rnd() * 7)}`, 1];
  });
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2]));
}

describe("itemRows", () => {
  for (const [spanDays, label] of [
    [2, "two days"],
    [40 * 365, "forty years (three radix passes)"],
  ] as const)
    it(`itemRows(t) orders each item's rows by time, then row, as a comparator sort does, over ${label}`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const t = timeline(randomRows(seed, 300, spanDays));
        const keep = (r: number) => r % 5 !== 0;
        const g = itemRows(t, keep);
        for (let i = 0; i < t.dicts.item.size; i++) {
          const expected = Array.from({ length: t.length }, (_, r) => r)
            .filter((r) => t.item[r] === i && keep(r))
            .sort((a, b) => t.ts[a] - t.ts[b] || a - b);
          const got = Array.from(g.rows.subarray(g.indptr[i], g.indptr[i + 1]));
          expect(got).toEqual(expected);
          expect(Array.from(g.ts.subarray(g.indptr[i], g.indptr[i + 1]))).toEqual(expected.map((r) => t.ts[r]));
        }
      }
    });

  it("itemRows of a table without kept rows is empty, and firstAtOrAfter finds the first row at or after a time", () => {
    const t = timeline([
      ["a", null, 0, "view", "x"],
      ["a", null, 10, "view", "x"],
      ["b", null, 5, "view", "x"],
    ]);
    expect(itemRows(t, () => false)).toMatchObject({ rows: new Int32Array(0), indptr: Int32Array.from([0, 0]) });
    const g = itemRows(t);
    expect(Array.from(g.rows)).toEqual([0, 2, 1]);
    expect(firstAtOrAfter(t, g, 0, T0 + 5 * 60_000)).toBe(1);
    expect(firstAtOrAfter(t, g, 0, T0 + 11 * 60_000)).toBe(3);
  });
});
