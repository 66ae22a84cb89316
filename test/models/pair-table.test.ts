import { describe, expect, it } from "vitest";
import { PairTable } from "../../src/models/covis/pair-table.js";

describe("PairTable", () => {
  it("pairTable.max(a, b, w) keeps each pair's largest weight through many growths, like a Map", () => {
    const t = new PairTable(4);
    const ref = new Map<string, number>();
    // (a, b) repeats every 97 x 89 = 8,633 steps: each pair is offered two or three weights
    for (let i = 0; i < 20_000; i++) {
      const a = (i * 7919) % 97;
      const b = (i * 104_729) % 89;
      const w = ((i * 31) % 11) + 0.5;
      t.max(a, b, w);
      ref.set(`${a},${b}`, Math.max(ref.get(`${a},${b}`) ?? 0, w));
      if (i === 10_000) expect(t.get(a, b)).toBe(ref.get(`${a},${b}`));
    }
    expect(t.get(5000, 5000)).toBe(0);
    const got = new Map<string, number>();
    t.forEach((a, b, w) => got.set(`${a},${b}`, w));
    expect(t.size).toBe(ref.size);
    expect(got).toEqual(ref);
  });

  it("pairTable.max keeps the largest weight, and clear() empties the table for reuse", () => {
    const t = new PairTable(2);
    t.max(1, 2, 3);
    t.max(1, 2, 5);
    t.max(1, 2, 4);
    t.max(2, 1, 1);
    const rows: number[][] = [];
    t.forEach((a, b, w) => rows.push([a, b, w]));
    expect(rows).toEqual([
      [1, 2, 5],
      [2, 1, 1],
    ]);
    t.clear();
    expect(t.size).toBe(0);
    t.max(1, 2, 2);
    const after: number[][] = [];
    t.forEach((a, b, w) => after.push([a, b, w]));
    expect(after).toEqual([[1, 2, 2]]); // the cleared 5 is gone
  });
});
