import { describe, expect, it } from "vitest";
import { cosineNeighbours, trainedRows, unitVectors } from "../../src/models/embedding/cosine-neighbours.js";
import { denseCosineNeighbours } from "../../src/models/embedding/dense-neighbours.js";
import { tensorLib } from "../../src/tensor/tensor-backend.js";
import { seeded } from "../helpers.js";

/**
 * Each row's neighbours by the definition, the slow way: every other item's dot product of the unit vectors (float32
 * components, summed in float64 in dimension order), positive ones only, best first (higher score, then lower code),
 * the first k, scores rounded to 1e-9. Rows of zero vectors are empty.
 */
function oracle(unit: Float32Array, dim: number, k: number): { rows: number[][]; scores: number[][] } {
  const n = unit.length / dim;
  const zero = (i: number) => unit.subarray(i * dim, (i + 1) * dim).every((x) => x === 0);
  const rows: number[][] = [];
  const scores: number[][] = [];
  for (let i = 0; i < n; i++) {
    const found: { j: number; s: number }[] = [];
    if (!zero(i))
      for (let j = 0; j < n; j++) {
        if (j === i || zero(j)) continue;
        let s = 0;
        for (let d = 0; d < dim; d++) s += unit[i * dim + d] * unit[j * dim + d];
        if (s > 0) found.push({ j, s });
      }
    found.sort((a, b) => b.s - a.s || a.j - b.j);
    rows.push(found.slice(0, k).map((f) => f.j));
    scores.push(found.slice(0, k).map((f) => Math.round(f.s * 1e9) / 1e9));
  }
  return { rows, scores };
}

/** Random vectors with zero rows, exact duplicates (ties broken by code), orthogonal pairs (score 0: left out). */
function awkwardVectors(n: number, dim: number, seed: number): Float32Array {
  const rnd = seeded(seed);
  const v = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    if (i % 11 === 5) continue; // no vector
    if (i % 7 === 6) {
      v.copyWithin(i * dim, (i - 1) * dim, i * dim); // the previous item's vector again
      continue;
    }
    if (i % 13 === 0) {
      v[i * dim + (i % dim)] = 1 + rnd(); // one axis only: orthogonal to the other axes' items
      continue;
    }
    for (let d = 0; d < dim; d++) v[i * dim + d] = (rnd() - 0.5) * (1 + 3 * rnd());
  }
  return v;
}

/** Csr rows as lists. */
function listed(csr: { rows: number; indptr: Int32Array; indices: Int32Array; data: Float64Array }) {
  const rows: number[][] = [];
  const scores: number[][] = [];
  for (let i = 0; i < csr.rows; i++) {
    rows.push(Array.from(csr.indices.subarray(csr.indptr[i], csr.indptr[i + 1])));
    scores.push(Array.from(csr.data.subarray(csr.indptr[i], csr.indptr[i + 1])));
  }
  return { rows, scores };
}

describe("cosine neighbours against the definition", () => {
  const cases = [
    [60, 7, 5],
    [91, 4, 30],
    [33, 12, 100],
  ] as const;

  it("unitVectors(v, dim) scales each row to length 1 and leaves zero rows zero; trainedRows marks non-zero rows", () => {
    const [n, dim] = [60, 7];
    const v = awkwardVectors(n, dim, 1);
    const unit = unitVectors(v, dim);
    const trained = trainedRows(v, dim);
    for (let i = 0; i < n; i++) {
      const row = Array.from(v.subarray(i * dim, (i + 1) * dim));
      const norm = Math.hypot(...row);
      expect(trained[i]).toBe(norm > 0 ? 1 : 0);
      Array.from(unit.subarray(i * dim, (i + 1) * dim)).forEach((x, d) =>
        expect(x).toBeCloseTo(norm > 0 ? row[d] / norm : 0, 6),
      );
    }
    expect(Array.from(trainedRows(unit, dim))).toEqual(Array.from(trained));
  });

  it("cosineNeighbours(unit, dim, k) keeps the k best positive scores per row, ties by lower code", () => {
    for (const [n, dim, k] of cases) {
      const unit = unitVectors(awkwardVectors(n, dim, n), dim);
      const csr = cosineNeighbours(unit, dim, k);
      expect(csr.rows).toBe(n);
      expect(csr.indptr.length).toBe(n + 1);
      expect(listed(csr)).toEqual(oracle(unit, dim, k));
    }
  });

  it("denseCosineNeighbours(unit, dim, k, wasm) gives the same lists, scanning few rows again", async () => {
    const lib = await tensorLib("wasm");
    for (const [n, dim, k] of cases) {
      const unit = unitVectors(awkwardVectors(n, dim, n), dim);
      const dense = await denseCosineNeighbours(unit, dim, k, lib);
      expect(listed(dense.csr)).toEqual(oracle(unit, dim, k));
      // spread-out vectors: the float32 candidates prove almost every row, so few rows are scanned again
      expect(dense.rescannedRows).toBeLessThan(n / 10);
    }
  });
});
