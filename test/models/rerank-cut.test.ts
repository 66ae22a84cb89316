import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/data/random.js";
import { LinearCut } from "../../src/models/rerank/cut.js";
import { fitCut } from "../../src/models/rerank/fit-cut.js";
import type { DenseLayer } from "../../src/models/rerank/ranker.js";

/** The rows a plain sort keeps: by the linear score of the normalised row descending, then row number. */
function naiveKeep(
  x: Float32Array,
  n: number,
  F: number,
  w: Float32Array,
  mean: Float32Array,
  std: Float32Array,
  keep: number,
) {
  const score = (r: number) => {
    let s = 0;
    for (let f = 0; f < F; f++) s += (w[f] * (x[r * F + f] - mean[f])) / std[f];
    return s;
  };
  const rows = Array.from({ length: n }, (_, r) => r);
  const s = rows.map(score);
  return rows
    .sort((a, b) => s[b] - s[a] || a - b)
    .slice(0, keep)
    .sort((a, b) => a - b);
}

describe("LinearCut", () => {
  it("select() keeps the rows with the best linear scores of the normalised features, in row order", () => {
    const random = seededRandom(4);
    const F = 7;
    const w = Float32Array.from({ length: F }, () => random() - 0.5);
    const mean = Float32Array.from({ length: F }, () => random());
    const std = Float32Array.from({ length: F }, () => 0.5 + random());
    const cut = new LinearCut({ w, keep: 10 }, std);
    for (const n of [5, 30, 130]) {
      // many zeros (skipped), and some rows repeated so that scores tie
      const x = Float32Array.from({ length: n * F }, () => (random() < 0.6 ? 0 : random() * 3));
      for (let r = 1; r < n; r += 4) x.copyWithin(r * F, (r - 1) * F, r * F);
      for (const keep of [1, 10, 25]) {
        const m = cut.select(x, n, F, keep);
        expect(m).toBe(Math.min(n, keep));
        // the mean shifts every row's score alike: the same rows are kept with or without it
        expect(Array.from(cut.rows.subarray(0, m))).toEqual(naiveKeep(x, n, F, w, mean, std, keep));
      }
    }
  });

  it("select() with rows tied at the boundary keeps the lower row numbers", () => {
    const cut = new LinearCut({ w: Float32Array.of(1), keep: 2 }, Float32Array.of(1));
    expect(cut.select(Float32Array.of(1, 3, 1, 1), 4, 1, 2)).toBe(2);
    expect(Array.from(cut.rows.subarray(0, 2))).toEqual([0, 1]);
  });
});

describe("fitCut", () => {
  it("fitCut() of a network that ranks by one feature weights that feature and keeps the network's top 20 at 50", () => {
    const random = seededRandom(9);
    const F = 4;
    // the network: relu(2 * x0) then identity, so its order is x0's; x1..x3 are noise
    const layers: DenseLayer[] = [
      { nIn: F, nOut: 1, w: Float32Array.of(2, 0, 0, 0), b: Float32Array.of(0), relu: true },
      { nIn: 1, nOut: 1, w: Float32Array.of(1), b: Float32Array.of(0), relu: false },
    ];
    const queries = 60;
    const offsets = new Int32Array(queries + 1);
    for (let q = 0; q < queries; q++) offsets[q + 1] = offsets[q] + 80 + Math.floor(random() * 60);
    const x = Float32Array.from({ length: offsets[queries] * F }, () => random() * 2 - 1);
    const rows = { F, x, offsets, labels: new Float32Array(offsets[queries]) };
    const w = fitCut(
      rows,
      Int32Array.from({ length: queries }, (_, q) => q),
      layers,
    );
    expect(w[0]).toBeGreaterThan(0);
    for (let f = 1; f < F; f++) expect(Math.abs(w[f])).toBeLessThan(0.1 * w[0]);
    const cut = new LinearCut({ w, keep: 50 }, new Float32Array(F).fill(1));
    for (let q = 0; q < queries; q++) {
      const n = offsets[q + 1] - offsets[q];
      const block = x.subarray(offsets[q] * F, offsets[q + 1] * F);
      const byX0 = Array.from({ length: n }, (_, r) => r).sort((a, b) => block[b * F] - block[a * F]);
      const kept = new Set(cut.rows.subarray(0, cut.select(block, n, F, 50)));
      expect(byX0.slice(0, 20).every((r) => kept.has(r))).toBe(true);
    }
  });
});
