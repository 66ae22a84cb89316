import { describe, expect, it } from "vitest";
import type { Csr } from "../../src/data/csr.js";
import { mergeRowPartitions } from "../../src/models/covis/covis-neighbours.js";
import { seeded } from "../helpers.js";

/** A Csr of `n` rows where only the rows `keep(r)` hold entries (1-3 each, random). */
function part(n: number, keep: (r: number) => boolean, rnd: () => number): Csr {
  const indptr = new Int32Array(n + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let r = 0; r < n; r++) {
    if (keep(r))
      for (let q = 0, m = 1 + Math.floor(rnd() * 3); q < m; q++) {
        indices.push(q);
        data.push(rnd());
      }
    indptr[r + 1] = indices.length;
  }
  return { rows: n, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) };
}

/** The naive stitch: row by row, each part's row in part order. */
function oracle(parts: Csr[], n: number) {
  const rows: [number, number][][] = [];
  for (let r = 0; r < n; r++) {
    const row: [number, number][] = [];
    for (const m of parts) for (let q = m.indptr[r]; q < m.indptr[r + 1]; q++) row.push([m.indices[q], m.data[q]]);
    rows.push(row);
  }
  return rows;
}

function rowsOf(m: Csr) {
  return Array.from({ length: m.rows }, (_, r) =>
    Array.from({ length: m.indptr[r + 1] - m.indptr[r] }, (_, q) => [
      m.indices[m.indptr[r] + q],
      m.data[m.indptr[r] + q],
    ]),
  );
}

describe("mergeRowPartitions", () => {
  const rnd = seeded(5);
  it("mergeRowPartitions(parts of consecutive row ranges) equals the row-by-row stitch", () => {
    const parts = [
      part(50, (r) => r < 20, rnd),
      part(50, (r) => r >= 20 && r < 21, rnd),
      part(50, (r) => r >= 30, rnd),
    ];
    expect(rowsOf(mergeRowPartitions(parts, 50))).toEqual(oracle(parts, 50));
  });

  it("mergeRowPartitions(parts interleaved by row, as anchor passes a % passes) equals the row-by-row stitch", () => {
    const parts = [0, 1, 2].map((p) => part(50, (r) => r % 3 === p && r !== 7, rnd));
    expect(rowsOf(mergeRowPartitions(parts, 50))).toEqual(oracle(parts, 50));
  });

  it("mergeRowPartitions(ranges out of order, or an empty part) equals the row-by-row stitch", () => {
    const parts = [part(30, (r) => r >= 15, rnd), part(30, () => false, rnd), part(30, (r) => r < 15, rnd)];
    expect(rowsOf(mergeRowPartitions(parts, 30))).toEqual(oracle(parts, 30));
  });

  it("mergeRowPartitions(parts that share rows) puts each shared row's entries in part order", () => {
    const parts = [part(30, (r) => r < 12, rnd), part(30, (r) => r >= 6 && r < 20, rnd), part(30, (r) => r >= 10, rnd)];
    expect(rowsOf(mergeRowPartitions(parts, 30))).toEqual(oracle(parts, 30));
    expect(mergeRowPartitions(parts, 30).indptr[30]).toBe(parts.reduce((n, m) => n + m.indptr[30], 0));
  });
});
