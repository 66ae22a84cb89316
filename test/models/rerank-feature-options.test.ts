import { describe, expect, it } from "vitest";
import { EventKind } from "../../src/data/event-kind.js";
import { PopularModel } from "../../src/models/baselines/popular.js";
import { CandidateFeatures, featureNames } from "../../src/models/rerank/features.js";
import type { CandidateSettings } from "../../src/models/rerank/item-facts.js";

// four items; covisit rows: 0 -> 1 (2), 2 (1); 1 -> 3 (4); 2 -> 0 (8); 3 empty
const covisit = {
  rows: 4,
  indptr: Int32Array.of(0, 2, 3, 4, 4),
  indices: Int32Array.of(1, 2, 3, 0),
  data: Float64Array.of(2, 1, 4, 8),
};
const popular = new PopularModel(4, Int32Array.of(3, 2, 1, 0), Float32Array.of(4, 3, 2, 1));
const facts = {
  popAll: Float32Array.of(1, 2, 3, 4),
  popRecent: new Float32Array(4),
  category: new Int32Array(4).fill(-1),
  price: new Float32Array(4).fill(NaN),
};
const features = (settings: CandidateSettings) =>
  new CandidateFeatures(
    { lists: [{ name: "covisit", m: covisit }], vectors: null, dim: 0, popular, baseline: null },
    facts,
    settings,
  );
// oldest first: 2, 0, 2, 1; distinct recent items, newest first: 1, 2, 0
const history = [2, 0, 2, 1].map((item, x) => ({ item, kind: EventKind.view, ts: x * 60_000 }));

describe("CandidateFeatures session_score", () => {
  it("compute() with sessionSeeds 3 sums the first list over the three recent items with the recency weights", () => {
    const f = features({ candidates: 10, lastN: 1, maxHistory: 5, popularN: 0, sessionSeeds: 3 });
    expect(f.names).toEqual(featureNames(["covisit"], true));
    expect(f.names.at(-1)).toBe("session_score");
    const n = f.compute(history, 3 * 60_000);
    const value = (item: number, name: string) => {
      const c = Array.from(f.items.subarray(0, n)).indexOf(item);
      return f.x[c * f.F + f.names.indexOf(name)];
    };
    // weights newest to oldest, three seeds: 2^1 - 1 = 1, 2^0.55 - 1, 2^0.1 - 1 (items 1, 2, 0)
    const w2 = Math.pow(2, 0.55) - 1;
    const w0 = Math.pow(2, 0.1) - 1;
    expect(value(3, "session_score")).toBeCloseTo(Math.log1p(4), 5); // from item 1
    expect(value(0, "session_score")).toBeCloseTo(Math.log1p(8 * w2), 5); // from item 2
    expect(value(1, "session_score")).toBeCloseTo(Math.log1p(2 * w0), 5); // from item 0
    expect(value(2, "session_score")).toBeCloseTo(Math.log1p(1 * w0), 5); // from item 0
    // the neighbour list itself is seeded by the last item only (lastN 1): item 0 is not among its touched items
    expect(value(0, "covisit_score")).toBe(0);
  });

  it("compute() without sessionSeeds has no session_score column (models saved before it read as before)", () => {
    const f = features({ candidates: 10, lastN: 1, maxHistory: 5, popularN: 0 });
    expect(f.names).toEqual(featureNames(["covisit"]));
    expect(f.names).not.toContain("session_score");
  });
});

describe("CandidateFeatures category candidates", () => {
  // six items: categories 0: items 0, 2, 4 (popularity 1, 5, 3); 1: items 1, 3; item 5 has none
  const catFacts = {
    popAll: Float32Array.of(1, 9, 5, 2, 3, 7),
    popRecent: new Float32Array(6),
    category: Int32Array.of(0, 1, 0, 1, 0, -1),
    price: new Float32Array(6).fill(NaN),
  };
  const empty = { rows: 6, indptr: new Int32Array(7), indices: new Int32Array(0), data: new Float64Array(0) };
  const pop6 = new PopularModel(6, Int32Array.of(1, 5, 2, 4, 3, 0), Float32Array.of(9, 7, 5, 3, 2, 1));
  const make = (categoryN?: number) =>
    new CandidateFeatures(
      { lists: [{ name: "covisit", m: empty }], vectors: null, dim: 0, popular: pop6, baseline: null },
      catFacts,
      { candidates: 10, lastN: 1, maxHistory: 0, popularN: 0, categoryN },
    );
  const candidates = (f: CandidateFeatures, last: number) =>
    Array.from(f.items.subarray(0, f.compute([{ item: last, kind: EventKind.view, ts: 0 }], 0)));

  it("compute() with categoryN 2 adds the last item's category's two most popular items", () => {
    expect(candidates(make(2), 0)).toEqual([2, 4]);
    expect(candidates(make(2), 3)).toEqual([1, 3]);
    expect(candidates(make(5), 4)).toEqual([2, 4, 0]);
  });

  it("compute() adds no category candidates for a last item without a category, or without categoryN", () => {
    expect(candidates(make(2), 5)).toEqual([]);
    expect(candidates(make(), 0)).toEqual([]);
  });
});
