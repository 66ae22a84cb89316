import { describe, expect, it } from "vitest";
import { PairTable } from "../../src/models/covis/pair-table.js";

describe("PairTable", () => {
  it("pairTable.add(a, b, w) sums per pair through many growths, like a Map", () => {
    const t = new PairTable(4);
    const ref = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const a = (i * 7919) % 397;
      const b = (i * 104_729) % 389;
      t.add(a, b, (i % 7) + 0.5);
      ref.set(`${a},${b}`, (ref.get(`${a},${b}`) ?? 0) + (i % 7) + 0.5);
    }
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
    t.add(1, 2, 7);
    const after: number[][] = [];
    t.forEach((a, b, w) => after.push([a, b, w]));
    expect(after).toEqual([[1, 2, 7]]);
  });
});
