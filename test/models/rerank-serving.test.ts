import { describe, expect, it } from "vitest";
import { EventKind } from "../../src/data/event-kind.js";
import { seededRandom } from "../../src/data/random.js";
import { PopularModel } from "../../src/models/baselines/popular.js";
import { CovisModel } from "../../src/models/covis/covis-model.js";
import { CovisRanking } from "../../src/models/rerank/covis-ranking.js";
import { ListScatter } from "../../src/models/rerank/list-scatter.js";
import { RankerScorer, type DenseLayer } from "../../src/models/rerank/ranker.js";
import { layerShapes } from "../../src/models/rerank/train-ranker.js";

/** A random sparse matrix: each row a few neighbours with scores from a small set (so that sums tie). */
function randomMatrix(rows: number, perRow: number, random: () => number, values: number[]) {
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let r = 0; r < rows; r++) {
    const nbs = new Set<number>();
    while (nbs.size < perRow) nbs.add(Math.floor(random() * rows));
    for (const nb of nbs) {
      indices.push(nb);
      data.push(values[Math.floor(random() * values.length)]);
    }
    indptr[r + 1] = indices.length;
  }
  return { rows, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) };
}

/** The scorer's network written out plainly: normalise, then each layer's sums in float64. */
function naiveScore(mean: Float32Array, std: Float32Array, layers: DenseLayer[], row: Float32Array): number {
  let a = Array.from(row, (v, f) => (v - mean[f]) / std[f]);
  for (const { nIn, nOut, w, b, relu } of layers) {
    const next: number[] = [];
    for (let o = 0; o < nOut; o++) {
      let s = b[o];
      for (let i = 0; i < nIn; i++) s += a[i] * w[i * nOut + o];
      next.push(relu && s < 0 ? 0 : s);
    }
    a = next;
  }
  return a[0];
}

describe("RankerScorer (sparse rows)", () => {
  it("score() of rows with many zeros and columns equal on every row equals the plain network", () => {
    const random = seededRandom(5);
    const F = 13;
    const layers: DenseLayer[] = layerShapes("mlp", F, 10).map(({ nIn, nOut }, l, all) => ({
      nIn,
      nOut,
      w: Float32Array.from({ length: nIn * nOut }, () => random() - 0.5),
      b: Float32Array.from({ length: nOut }, () => random() - 0.5),
      relu: l < all.length - 1,
    }));
    const mean = Float32Array.from({ length: F }, () => random());
    const std = Float32Array.from({ length: F }, () => 0.5 + random());
    const scorer = new RankerScorer({ kind: "mlp", mean, std, layers });
    for (const rows of [1, 2, 40]) {
      // column 0 constant non-zero, column 1 constant zero, the rest 70% zeros
      const x = new Float32Array(rows * F);
      for (let r = 0; r < rows; r++)
        for (let f = 0; f < F; f++) x[r * F + f] = f === 0 ? 2.5 : f === 1 ? 0 : random() < 0.7 ? 0 : random() * 4;
      const out = new Float32Array(rows);
      scorer.score(x, rows, out);
      for (let r = 0; r < rows; r++) {
        const want = naiveScore(mean, std, layers, x.subarray(r * F, (r + 1) * F));
        expect(Math.abs(out[r] - want)).toBeLessThan(1e-5 * (1 + Math.abs(want)));
      }
    }
  });
});

describe("RankerScorer on WebAssembly", () => {
  it("score() of a 3-layer network gives the same bits with the WebAssembly row loop as with the TypeScript one", () => {
    const random = seededRandom(21);
    const F = 11;
    // widths that are not multiples of 8 too (the kernel pads them with zero weights), and 24: a block of 16 units
    // then one of 8
    for (const hidden of [32, 24, 10, 7]) {
      const layers: DenseLayer[] = layerShapes("mlp", F, hidden).map(({ nIn, nOut }, l, all) => ({
        nIn,
        nOut,
        w: Float32Array.from({ length: nIn * nOut }, () => random() - 0.5),
        b: Float32Array.from({ length: nOut }, () => random() - 0.5),
        relu: l < all.length - 1,
      }));
      const mean = Float32Array.from({ length: F }, () => random());
      const std = Float32Array.from({ length: F }, () => 0.5 + random());
      const wasm = new RankerScorer({ kind: "mlp", mean, std, layers });
      const plain = new RankerScorer({ kind: "mlp", mean, std, layers }, false);
      // growing row counts: the kernel's memory grows past its first 512 rows
      for (const rows of [1, 3, 60, 700]) {
        const x = new Float32Array(rows * F);
        for (let r = 0; r < rows; r++)
          for (let f = 0; f < F; f++) x[r * F + f] = f === 2 ? 1.5 : random() < 0.6 ? 0 : (random() - 0.3) * 5;
        const a = new Float32Array(rows);
        const b = new Float32Array(rows);
        wasm.score(x, rows, a);
        plain.score(x, rows, b);
        expect(Array.from(a)).toEqual(Array.from(b));
        for (let r = 0; r < rows; r++) {
          const want = naiveScore(mean, std, layers, x.subarray(r * F, (r + 1) * F));
          expect(Math.abs(a[r] - want)).toBeLessThan(1e-5 * (1 + Math.abs(want)));
        }
      }
    }
  });
});

describe("ListScatter", () => {
  it("run() ranks every touched item by score descending, then item code, as a comparator sort does", () => {
    const random = seededRandom(8);
    // negative values too (item2vec cosines), and few distinct values so that sums tie
    const m = randomMatrix(300, 12, random, [-0.5, 0, 0.25, 1, 2]);
    const s = new ListScatter(m);
    for (let q = 0; q < 50; q++) {
      const seeds = Int32Array.from({ length: 4 }, () => Math.floor(random() * 300));
      const n = s.run(seeds, 1 + (q % 4));
      const touched = Array.from(s.ranked());
      const want = [...touched].sort((a, b) => s.score[b] - s.score[a] || a - b);
      expect(touched).toEqual(want);
      expect(touched.map((i) => s.rank[i])).toEqual(touched.map((_, r) => r + 1));
      expect(n).toBe(touched.length);
    }
  });

  it("run(..., false) scores the touched items and leaves them unranked (rank -1)", () => {
    const m = { rows: 3, indptr: Int32Array.of(0, 2, 2, 2), indices: Int32Array.of(1, 2), data: Float64Array.of(3, 1) };
    const s = new ListScatter(m);
    expect(s.run(Int32Array.of(0), 1, false)).toBe(2);
    expect(Array.from(s.score)).toEqual([0, 3, 1]);
    expect(Array.from(s.rank)).toEqual([0, -1, -1]);
  });
});

describe("CovisRanking", () => {
  it("run() gives the items CovisModel.recommend(history, { k }) gives, for random histories, seeds and k", () => {
    const random = seededRandom(11);
    const n = 400;
    const covisit = randomMatrix(n, 15, random, [0.5, 1, 1.5, 3]);
    const ranked = Int32Array.from({ length: 30 }, (_, i) => (i * 7) % n);
    const popular = new PopularModel(
      n,
      ranked,
      Float32Array.from(ranked, (_, i) => 30 - i),
    );
    for (const scoring of [
      { matrix: "covisit", lastN: 3, history: "first" as const, maxHistory: 20 },
      { matrix: "covisit", lastN: 1, history: "first" as const, maxHistory: 2 },
    ]) {
      const covis = new CovisModel({ covisit }, popular, scoring);
      const ranking = new CovisRanking(covis);
      expect(CovisRanking.fits(covis)).toBe(true);
      for (let q = 0; q < 60; q++) {
        const history = Array.from({ length: 1 + Math.floor(random() * 25) }, (_, e) => ({
          item: Math.floor(random() * n),
          kind: EventKind.view,
          ts: e,
        }));
        // distinct items, most recent first
        const recent = Int32Array.from(new Set(history.map((e) => e.item).reverse()));
        for (const k of [5, 40]) {
          const count = ranking.run(recent, recent.length, k);
          const want = Array.from(covis.recommend(history, { k }).items);
          expect(Array.from(ranking.items.subarray(0, count))).toEqual(want);
          expect(ranking.inverseRank(want[0])).toBe(1);
        }
      }
    }
    expect(CovisRanking.fits(new CovisModel({ covisit }, popular, { ...covisDefaults, history: "mix" }))).toBe(false);
  });
});

const covisDefaults = { matrix: "covisit", lastN: 3, history: "first" as const, maxHistory: 20 };
