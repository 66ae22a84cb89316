import { describe, expect, it } from "vitest";
import { cosineNeighbours, unitVectors } from "../../src/models/embedding/cosine-neighbours.js";
import { denseCosineNeighbours } from "../../src/models/embedding/dense-neighbours.js";
import { denseRecommendations } from "../../src/models/embedding/dense-recommend.js";
import { Item2VecModel } from "../../src/models/embedding/item2vec-model.js";
import { PopularModel } from "../../src/models/baselines/popular.js";
import { tensorLib } from "../../src/tensor/tensor-backend.js";

/**
 * A table where float32 cannot see the order: item 0 is (1, 0.001) and items 1..n-1 are (1, 5e-7 x j), so item 0's
 * exact cosine with item j grows with j by about 5e-10 a step, while every float32 dot product rounds to the same
 * value. The exact best neighbours of item 0 are the highest codes; float32's top candidates, all tied, cannot prove
 * them, so the row must be scanned exactly. (A float32 tie broken towards high codes would hand the right candidates
 * by luck; the test then says so, rather than passing silently.)
 */
function tiedTable(n: number): Float32Array {
  const v = new Float32Array(n * 2);
  v[0] = 1;
  v[1] = 0.001;
  for (let j = 1; j < n; j++) {
    v[j * 2] = 1;
    v[j * 2 + 1] = 5e-7 * j;
  }
  return unitVectors(v, 2);
}

/**
 * Item 0 points away from items 1..n-1 (a fan of well-separated directions around (-1, 0)), and item n has a zero
 * vector (untrained): every exact score of item 0 with another item is negative.
 */
function awayTable(n: number): Float32Array {
  const v = new Float32Array((n + 1) * 2);
  v[0] = 1;
  for (let j = 1; j < n; j++) {
    v[j * 2] = -1;
    v[j * 2 + 1] = 0.05 * (j - n / 2);
  }
  return unitVectors(v, 2);
}

const rowOf = (csr: { indptr: Int32Array; indices: Int32Array }, i: number) =>
  Array.from(csr.indices.subarray(csr.indptr[i], csr.indptr[i + 1]));

describe("denseCosineNeighbours' proof of its float32 candidates", () => {
  const n = 40;
  const k = 3;

  it("denseCosineNeighbours rescans a row whose exact top k lies outside its tied float32 candidates", async () => {
    const unit = tiedTable(n);
    const exact = cosineNeighbours(unit, 2, k);
    // the exact neighbours of item 0 are the three highest codes
    expect(rowOf(exact, 0)).toEqual([n - 1, n - 2, n - 3]);
    const dense = await denseCosineNeighbours(unit, 2, k, await tensorLib("wasm"));
    expect(rowOf(dense.csr, 0)).toEqual([n - 1, n - 2, n - 3]);
    expect(Array.from(dense.csr.indices)).toEqual(Array.from(exact.indices));
    expect(dense.rescannedRows).toBeGreaterThan(0);
  });

  it("denseCosineNeighbours commits without a scan a row with no positive neighbour when no other item can score above 0", async () => {
    // item 0 points away from all the others: every exact score of its row is negative, so the row holds nothing
    // (kth 0) and its last float32 candidate, plus the error bound, is below 0: nothing outside can enter. The other
    // items, a fan of well-separated directions, prove their rows from their candidates. No row needs a scan.
    const unit = awayTable(n);
    const exact = cosineNeighbours(unit, 2, k);
    expect(rowOf(exact, 0)).toEqual([]);
    expect(exact.indptr.length).toBe(n + 2);
    const dense = await denseCosineNeighbours(unit, 2, k, await tensorLib("wasm"));
    expect(Array.from(dense.csr.indptr)).toEqual(Array.from(exact.indptr));
    expect(Array.from(dense.csr.indices)).toEqual(Array.from(exact.indices));
    expect(dense.rescannedRows).toBe(0);
  });

  it("denseRecommendations answers without a scan a query that no item scores above 0, as recommend() does", async () => {
    const unit = awayTable(n);
    const popular = new PopularModel(
      n + 1,
      Int32Array.from({ length: n + 1 }, (_, i) => n - i),
      new Float32Array(n + 1).fill(1),
    );
    const model = new Item2VecModel(unit, 2, cosineNeighbours(unit, 2, k), popular);
    const histories = [[{ item: 0, kind: 0, ts: 0 }], [{ item: 5, kind: 0, ts: 0 }]];
    const { answers, rescanned } = await denseRecommendations(model, histories, k, await tensorLib("wasm"));
    histories.forEach((h, c) =>
      expect(Array.from(answers[c].items)).toEqual(Array.from(model.recommend(h, { k }).items)),
    );
    expect(rescanned).toBe(0);
  });
});
