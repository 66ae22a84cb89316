import { describe, expect, it } from "vitest";
import { relevantRanks } from "../../src/evaluation/metrics/relevant-ranks.js";
import { METRICS } from "../../src/evaluation/metrics/index.js";
import { bruteForceMetrics } from "../oracles/ranking-metrics.js";
import { seeded } from "../helpers.js";

/** Every metric of METRICS on one list, through relevantRanks as evaluation calls them. */
function library(list: number[], targets: number[], k: number): Record<string, number> {
  const ranks = new Int32Array(k);
  const shown = Int32Array.from({ length: k }, (_, r) => (r < list.length ? list[r] : -1));
  const found = relevantRanks(shown, 0, k, new Set(targets), ranks);
  return Object.fromEntries(METRICS.map((m) => [m.name, m.fn(ranks, found, new Set(targets).size, k)]));
}

function expectAgree(list: number[], targets: number[], k: number): void {
  const want = bruteForceMetrics(list, targets, k);
  const got = library(list, targets, k);
  for (const name of Object.keys(want))
    expect(got[name], `${name}@${k} of [${list}] for {${targets}}`).toBeCloseTo(want[name], 12);
}

describe("ranking metrics against a brute-force reference", () => {
  it("METRICS equal the reference on 2,000 random lists (repeats, padding, short lists, up to 12 targets)", () => {
    const rnd = seeded(7);
    let moreTargetsThanK = 0;
    for (let n = 0; n < 2000; n++) {
      const k = 1 + Math.floor(rnd() * 10);
      const length = Math.floor(rnd() * (k + 3));
      const list = Array.from({ length }, () => (rnd() < 0.1 ? -1 : Math.floor(rnd() * 15)));
      const targets = Array.from({ length: Math.floor(rnd() * 13) }, () => Math.floor(rnd() * 15));
      if (new Set(targets).size > k) moreTargetsThanK++;
      expectAgree(list, targets, k);
    }
    expect(moreTargetsThanK).toBeGreaterThan(300);
  });

  it("METRICS with more targets than k and the only hit exactly at rank k equal hand values", () => {
    // k = 3, targets {1, 2, 3, 4, 5}; list [9, 8, 1]: one hit at rank 3
    const got = library([9, 8, 1], [1, 2, 3, 4, 5], 3);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4); // capped at k = 3 ideal positions, not 5
    expect(got.HR).toBe(1);
    expect(got.Recall).toBeCloseTo(1 / 5, 15);
    expect(got.Precision).toBeCloseTo(1 / 3, 15);
    expect(got.MRR).toBeCloseTo(1 / 3, 15);
    expect(got.NDCG).toBeCloseTo(1 / Math.log2(4) / idcg, 15);
    expect(got.MAP).toBeCloseTo(1 / 3 / 3, 15);
    expectAgree([9, 8, 1], [1, 2, 3, 4, 5], 3);
  });

  it("METRICS give 1 for NDCG, MAP, HR and Precision when all k places hold distinct targets of more than k", () => {
    const got = library([5, 4, 3], [1, 2, 3, 4, 5], 3);
    expect(got.NDCG).toBeCloseTo(1, 15);
    expect(got.MAP).toBeCloseTo(1, 15);
    expect(got.Precision).toBeCloseTo(1, 15);
    expect(got.Recall).toBeCloseTo(3 / 5, 15);
  });

  it("a hit one place past k counts for no metric", () => {
    const got = library([9, 8, 7, 1], [1], 3);
    for (const m of METRICS) expect(got[m.name], m.name).toBe(0);
  });
});
