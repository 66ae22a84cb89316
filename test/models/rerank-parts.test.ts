import { describe, expect, it } from "vitest";
import { PopularModel } from "../../src/models/baselines/popular.js";
import { EventKind } from "../../src/data/event-kind.js";
import { CandidateFeatures, featureNames } from "../../src/models/rerank/features.js";
import { RankerScorer, featureScale, type DenseLayer } from "../../src/models/rerank/ranker.js";
import { listwiseLoss } from "../../src/models/rerank/importance.js";
import { checkFinite } from "../../src/models/rerank/fit-rows.js";
import { layerShapes, tfScores } from "../../src/models/rerank/train-ranker.js";
import { tensorLib } from "../../src/tensor/tensor-backend.js";
import { seededRandom } from "../../src/data/random.js";
import { CartliftError } from "../../src/errors.js";
import { AUTO_ITEM2VEC_EVENTS, rerankDefaults, usesItem2vec } from "../../src/models/rerank/rerank-options.js";

// five items; covisit rows: 0 -> 1 (2), 2 (1); 1 -> 3 (4); the others empty
const covisit = {
  rows: 5,
  indptr: Int32Array.of(0, 2, 3, 3, 3, 3),
  indices: Int32Array.of(1, 2, 3),
  data: Float64Array.of(2, 1, 4),
};
const popular = new PopularModel(5, Int32Array.of(4, 3, 2, 1, 0), Float32Array.of(5, 4, 3, 2, 1));
const facts = {
  popAll: Float32Array.of(1, 2, 3, 4, 5),
  popRecent: Float32Array.of(0, 0, 1, 1, 1),
  category: Int32Array.of(7, 7, -1, 8, 7),
  price: Float32Array.of(10, 20, NaN, 30, 40),
};

describe("CandidateFeatures", () => {
  const f = new CandidateFeatures(
    { lists: [{ name: "covisit", m: covisit }], vectors: null, dim: 0, popular, baseline: null },
    facts,
    {
      candidates: 1,
      lastN: 2,
      maxHistory: 5,
      popularN: 1,
    },
  );
  const history = [
    { item: 0, kind: EventKind.view, ts: 0 },
    { item: 1, kind: EventKind.cart_add, ts: 3_600_000 },
  ];
  const row = (item: number) => {
    const c = Array.from(f.items.subarray(0, f.count)).indexOf(item);
    return Object.fromEntries(f.names.map((name, x) => [name, f.x[c * f.F + x]]));
  };

  it("compute() takes the union of each list's top N, the history's items and the popular head", () => {
    // seeds 1 (newest, weight 2^1 - 1 = 1) and 0 (2^0.1 - 1): item 3 scores 4, item 1 0.1435, item 2 0.0718
    expect(f.compute(history, 3_600_000)).toBe(4);
    expect(Array.from(f.items.subarray(0, 4))).toEqual([3, 1, 0, 4]);
    expect(f.names).toEqual(featureNames(["covisit"]));
  });

  it("compute() fills scores, ranks, history counts, recency, popularity, category and price by hand", () => {
    f.compute(history, 3_600_000 + 120_000);
    const w0 = Math.pow(2, 0.1) - 1;
    expect(row(3).covisit_score).toBeCloseTo(Math.log1p(4), 5);
    expect(row(3).covisit_rank).toBe(1);
    expect(row(1).covisit_score).toBeCloseTo(Math.log1p(2 * w0), 5);
    expect(row(1).covisit_rank).toBe(0.5);
    expect(row(4).covisit_rank).toBe(0); // not touched
    expect(row(1)).toMatchObject({
      hist_views: 0,
      hist_carts: Math.fround(Math.log1p(1)),
      is_last: 1,
      hist_recency: 1,
    });
    expect(row(0)).toMatchObject({ hist_views: Math.fround(Math.log1p(1)), hist_recency: 0.5, is_last: 0 });
    // item 0 was seen 1 h + 2 min before the request
    expect(row(0).hist_hours).toBeCloseTo(Math.log1p(62 / 60), 5);
    expect(row(3).last_item_score).toBeCloseTo(Math.log1p(4), 5);
    expect(row(4).pop_all).toBeCloseTo(Math.log1p(5), 5);
    expect(row(3).session_length).toBeCloseTo(Math.log1p(2), 5);
    expect(row(3).since_last).toBeCloseTo(Math.log1p(2), 5);
    // the last item (1) is in category 7, as are items 0 and 4; the history's mean price is 15
    expect(row(4)).toMatchObject({ category_last: 1, category_share: 1, price_known: 1 });
    expect(row(3)).toMatchObject({ category_last: 0, category_share: 0 });
    expect(row(4).price_rel).toBeCloseTo(Math.log(40 / 15), 5);
    expect(row(3).model_rank).toBe(0); // no whole-model generator here
  });

  it("compute() of an empty history gives the popular head only, with zero history features", () => {
    expect(f.compute([], 0)).toBe(1);
    expect(row(4)).toMatchObject({ covisit_rank: 0, hist_views: 0, is_last: 0, session_length: 0 });
  });
});

/** Random layers of the mlp shape. */
function randomLayers(F: number, hidden: number, seed: number): DenseLayer[] {
  const random = seededRandom(seed);
  return layerShapes("mlp", F, hidden).map(({ nIn, nOut }, l, all) => ({
    nIn,
    nOut,
    w: Float32Array.from({ length: nIn * nOut }, () => random() - 0.5),
    b: Float32Array.from({ length: nOut }, () => random() - 0.5),
    relu: l < all.length - 1,
  }));
}

describe("RankerScorer", () => {
  it("score() equals the TensorFlow.js forward pass training runs (tfScores) within float tolerance", async () => {
    const { tf } = await tensorLib("wasm");
    const F = 23;
    const rows = 300;
    const random = seededRandom(3);
    const x = Float32Array.from({ length: rows * F }, () => (random() - 0.5) * 10);
    const { mean, std } = featureScale(x, F);
    const layers = randomLayers(F, 16, 9);
    const ours = new Float32Array(rows);
    new RankerScorer({ kind: "mlp", mean, std, layers }).score(x, rows, ours);
    const normalised = x.map((v, i) => (v - mean[i % F]) / std[i % F]);
    const theirs = tfScores(tf, layers, normalised, F);
    for (let r = 0; r < rows; r++) expect(Math.abs(ours[r] - theirs[r])).toBeLessThan(1e-4 * (1 + Math.abs(theirs[r])));
  });

  it("score() of a linear ranker is the weighted sum of the normalised features plus the bias", () => {
    const layers = [{ nIn: 2, nOut: 1, w: Float32Array.of(2, -1), b: Float32Array.of(0.5), relu: false }];
    const out = new Float32Array(1);
    const mean = Float32Array.of(1, 0);
    const std = Float32Array.of(2, 1);
    new RankerScorer({ kind: "linear", mean, std, layers }).score(Float32Array.of(5, 3), 1, out);
    expect(out[0]).toBeCloseTo(2 * ((5 - 1) / 2) - 3 + 0.5, 6);
  });

  it("featureScale() gives each feature's mean and standard deviation, and std 1 for a constant feature", () => {
    const { mean, std } = featureScale(Float32Array.of(1, 5, 3, 5), 2);
    expect(Array.from(mean)).toEqual([2, 5]);
    expect(Array.from(std)).toEqual([1, 1]);
  });
});

describe("listwiseLoss", () => {
  it("is the softmax cross-entropy of each query's scores against its labels, averaged over queries", () => {
    const scores = Float32Array.of(0, Math.log(3), 1, 1);
    const labels = Float32Array.of(0, 1, 0.5, 0.5);
    // query 0: -log(3 / 4); query 1: -log(1 / 2)
    expect(listwiseLoss(scores, labels, Int32Array.of(0, 2, 4))).toBeCloseTo((-Math.log(3 / 4) - Math.log(0.5)) / 2, 6);
  });
});

describe("checkFinite", () => {
  it("names the feature and the labelled query of a NaN or infinite feature", () => {
    const rows = {
      F: 2,
      x: Float32Array.of(1, 2, 3, Infinity),
      offsets: Int32Array.of(0, 1, 2),
      labels: Float32Array.of(1, 1),
      query: Int32Array.of(4, 9),
    };
    expect(() => checkFinite(rows, ["pop_all", "price_rel"])).toThrow(CartliftError);
    expect(() => checkFinite(rows, ["pop_all", "price_rel"])).toThrow(/feature "price_rel" is Infinity .*query 9/);
  });
});

describe("rerank defaults", () => {
  it("usesItem2vec('auto', n) trains item2vec below 1,000,000 training events only; true and false as given", () => {
    expect(usesItem2vec("auto", 999_999)).toBe(true);
    expect(usesItem2vec("auto", AUTO_ITEM2VEC_EVENTS)).toBe(false);
    expect(AUTO_ITEM2VEC_EVENTS).toBe(1_000_000);
    expect(usesItem2vec("true", 5_000_000)).toBe(true);
    expect(usesItem2vec(true, 5_000_000)).toBe(true);
    expect(usesItem2vec("false", 10)).toBe(false);
    expect(usesItem2vec(false, 10)).toBe(false);
  });

  it("rerankDefaults() are the training-time defaults: item2vec auto, at most 10,000 queries and 20 epochs", () => {
    const o = rerankDefaults();
    expect([o.item2vec, o.maxQueries, o.epochs, o.cut]).toEqual(["auto", 10_000, 20, 0]);
  });
});
