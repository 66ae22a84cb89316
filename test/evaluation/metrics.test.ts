import { describe, expect, it } from "vitest";
import { relevantRanks } from "../../src/evaluation/metrics/relevant-ranks.js";
import { metricKey } from "../../src/evaluation/metrics/index.js";
import { hitRate } from "../../src/evaluation/metrics/hit-rate.js";
import { recall } from "../../src/evaluation/metrics/recall.js";
import { precision } from "../../src/evaluation/metrics/precision.js";
import { reciprocalRank } from "../../src/evaluation/metrics/mrr.js";
import { ndcg } from "../../src/evaluation/metrics/ndcg.js";
import { averagePrecision } from "../../src/evaluation/metrics/average-precision.js";

/** Ranks of `targets` in `list` (first k), as the metrics take them. */
function ranksOf(list: number[], targets: number[], k = list.length) {
  const out = new Int32Array(Math.max(k, 1));
  const found = relevantRanks(Int32Array.from(list), 0, Math.min(k, list.length), new Set(targets), out);
  return { ranks: out, found, targets: new Set(targets).size };
}

describe("relevantRanks", () => {
  it("relevantRanks(list, targets) gives each target's first 1-based rank, ignoring padding and repeats", () => {
    const { ranks, found } = ranksOf([7, -1, 3, 7, 9, 3], [3, 7, 4]);
    expect(found).toBe(2);
    expect(Array.from(ranks.subarray(0, found))).toEqual([1, 3]);
  });
  it("relevantRanks(batch, from, k, targets) reads only the k places of its row, never the next row's", () => {
    const out = new Int32Array(4);
    // two rows of stride 2: [5, 6] and [7, 8]; row 0's k = 2 must not see 7
    expect(relevantRanks(Int32Array.from([5, 6, 7, 8]), 0, 2, new Set([7]), out)).toBe(0);
    expect(relevantRanks(Int32Array.from([5, 6, 7, 8]), 2, 2, new Set([8, 5]), out)).toBe(1);
    expect(out[0]).toBe(2);
  });
  it("metricKey(name, k) is name@k, the key of report values", () => {
    expect(metricKey("NDCG", 10)).toBe("NDCG@10");
  });
});

describe("ranking metrics, hand-computed", () => {
  // list [a b c d e] = [10 11 12 13 14]; targets {11, 14, 99}: hits at ranks 2 and 5, one target never shown
  const r = ranksOf([10, 11, 12, 13, 14], [11, 14, 99]);
  const at = (fn: typeof hitRate, k: number) => fn(r.ranks, r.found, r.targets, k);

  it("hitRate(ranks, k) is 1 once the first hit is within k", () => {
    expect(at(hitRate, 1)).toBe(0);
    expect(at(hitRate, 2)).toBe(1);
  });
  it("recall(ranks, k) is the share of targets within k", () => {
    expect(at(recall, 2)).toBeCloseTo(1 / 3, 15);
    expect(at(recall, 5)).toBeCloseTo(2 / 3, 15);
  });
  it("precision(ranks, k) divides hits by k, also for a list shorter than k", () => {
    expect(at(precision, 5)).toBeCloseTo(2 / 5, 15);
    expect(at(precision, 10)).toBeCloseTo(2 / 10, 15);
  });
  it("reciprocalRank(ranks, k) is 1 / the first hit's rank, 0 when it is beyond k", () => {
    expect(at(reciprocalRank, 5)).toBeCloseTo(1 / 2, 15);
    expect(at(reciprocalRank, 1)).toBe(0);
  });
  it("ndcg(ranks, k) divides 1/log2(2+1) + 1/log2(5+1) by the ideal DCG of min(3, k) hits", () => {
    const dcg = 1 / Math.log2(3) + 1 / Math.log2(6);
    const ideal = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(at(ndcg, 5)).toBeCloseTo(dcg / ideal, 15);
    expect(at(ndcg, 3)).toBeCloseTo(1 / Math.log2(3) / ideal, 15);
  });
  it("ndcg(ranks, k) is 1 for a perfect ranking", () => {
    const p = ranksOf([1, 2, 3], [1, 2]);
    expect(ndcg(p.ranks, p.found, p.targets, 3)).toBeCloseTo(1, 15);
  });
  it("averagePrecision(ranks, k) sums precision at each hit over min(targets, k)", () => {
    expect(at(averagePrecision, 5)).toBeCloseTo((1 / 2 + 2 / 5) / 3, 15);
    expect(at(averagePrecision, 2)).toBeCloseTo(1 / 2 / 2, 15); // min(3 targets, k = 2)
  });
  it("every metric is 0 for a case without hits", () => {
    const z = ranksOf([1, 2, 3], [9]);
    for (const fn of [hitRate, recall, precision, reciprocalRank, ndcg, averagePrecision])
      expect(fn(z.ranks, z.found, z.targets, 3)).toBe(0);
  });
});
