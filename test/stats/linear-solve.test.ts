import { describe, expect, it } from "vitest";
import { solveLinear } from "../../src/stats/linear-solve.js";
import { seeded } from "../helpers.js";

const times = (A: number[], x: number[], n: number) =>
  Array.from({ length: n }, (_, i) => x.reduce((s, v, j) => s + A[i * n + j] * v, 0));

describe("solveLinear", () => {
  it("solveLinear solves a system whose first pivot is 0 (it needs a row swap): x = [1, 2, 3]", () => {
    const A = [0, 2, 1, 1, 1, 1, 2, 1, 3];
    const b = times(A, [1, 2, 3], 3); // [7, 6, 13]
    expect(b).toEqual([7, 6, 13]);
    expect(Array.from(solveLinear(Float64Array.from(A), Float64Array.from(b), 3))).toEqual(
      [1, 2, 3].map((v) => expect.closeTo(v, 12)),
    );
  });

  it("solveLinear solves a symmetric positive definite system (the least-squares normal equations): [1, -2, 3]", () => {
    const A = [4, 1, 0, 1, 3, 1, 0, 1, 2];
    const b = times(A, [1, -2, 3], 3);
    expect(Array.from(solveLinear(Float64Array.from(A), Float64Array.from(b), 3))).toEqual(
      [1, -2, 3].map((v) => expect.closeTo(v, 12)),
    );
  });

  it("solveLinear pivots on the largest entry: a tiny first pivot still gives the exact answer", () => {
    // without the swap, 1e-20 as the pivot loses the second equation entirely in double precision
    const A = Float64Array.of(1e-20, 1, 1, 1);
    const x = solveLinear(A, Float64Array.of(1, 2), 2);
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(1, 12);
  });

  it("solveLinear on random 6 x 6 systems leaves a residual below 1e-9 and does not modify its inputs", () => {
    const rnd = seeded(5);
    for (let trial = 0; trial < 20; trial++) {
      const n = 6;
      const A = Array.from({ length: n * n }, () => rnd() * 2 - 1);
      const truth = Array.from({ length: n }, () => rnd() * 10 - 5);
      const b = times(A, truth, n);
      const a = Float64Array.from(A);
      const bb = Float64Array.from(b);
      const x = solveLinear(a, bb, n);
      const r = times(A, Array.from(x), n).map((v, i) => v - b[i]);
      expect(Math.max(...r.map(Math.abs))).toBeLessThan(1e-9);
      expect(Array.from(a)).toEqual(A);
      expect(Array.from(bb)).toEqual(b);
    }
  });

  it("solveLinear gives 0 for the unknown of an all-zero column instead of NaN", () => {
    // x1 does not appear: its unknown is 0, and x0 = 2, x2 = 3 still solve the rest
    const A = Float64Array.of(1, 0, 0, 0, 0, 0, 0, 0, 1);
    expect(Array.from(solveLinear(A, Float64Array.of(2, 0, 3), 3))).toEqual([2, 0, 3]);
  });
});
