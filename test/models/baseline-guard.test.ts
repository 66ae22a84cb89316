import { describe, expect, it } from "vitest";
import { EXIT } from "../../src/errors.js";
import {
  checkAgainstBaseline,
  firstTargetRank,
  GUARD_K,
  rankerBelowBaseline,
} from "../../src/models/rerank/baseline-guard.js";
import { sliceQueries } from "../../src/models/rerank/query-slice.js";
import type { RankingRows } from "../../src/models/rerank/train-ranker.js";

/**
 * Queries of `n` candidates, F = 2 features: column 0 is the baseline's order (model_rank: 1 / rank), column 1 noise.
 * The target of query q sits at baseline rank targetRank(q).
 */
function rowsWith(queries: number, n: number, targetRank: (q: number) => number): RankingRows {
  const x = new Float32Array(queries * n * 2);
  const labels = new Float32Array(queries * n);
  const offsets = Int32Array.from({ length: queries + 1 }, (_, q) => q * n);
  for (let q = 0; q < queries; q++)
    for (let c = 0; c < n; c++) {
      const r = q * n + c;
      x[2 * r] = 1 / (c + 1);
      x[2 * r + 1] = (q * 31 + c * 17) % 11;
      if (c + 1 === targetRank(q)) labels[r] = 1;
    }
  return { F: 2, x, labels, offsets };
}

describe("firstTargetRank", () => {
  it("firstTargetRank(scores, labels, from, to) is the 1-based position of the best-placed target, ties to the earlier row", () => {
    const scores = Float32Array.from([9, 0.5, 3, 3, 7, 1]);
    const labels = Float32Array.from([1, 0, 0, 1, 0, 0]);
    // within rows 1..5: row 3 (score 3) has row 4 (7) above it and row 2 (3, earlier) tied before it
    expect(firstTargetRank(scores, labels, 1, 6)).toBe(3);
    // rows 0..5: row 0 is first
    expect(firstTargetRank(scores, labels, 0, 6)).toBe(1);
    expect(firstTargetRank(scores, labels, 1, 3)).toBe(Infinity);
    const two = Float32Array.from([0, 1, 1]);
    expect(firstTargetRank(Float32Array.from([5, 4, 6]), two, 0, 3)).toBe(1);
  });
});

describe("checkAgainstBaseline and the guard", () => {
  const baseOnly = (rows: RankingRows) => Float32Array.from(rows.labels, (_, r) => rows.x[2 * r]);

  it("checkAgainstBaseline(a ranker that reverses the baseline) measures both orders and refuses the ranker (exit 3)", () => {
    const rows = rowsWith(300, 30, (q) => 1 + (q % 5)); // targets in the baseline's top 5
    const val = sliceQueries(
      rows,
      Int32Array.from({ length: 300 }, (_, q) => q),
    );
    const reversed = Float32Array.from(baseOnly(val), (s) => -s);
    const sessions = Int32Array.from({ length: 300 }, (_, q) => q >> 1);
    const c = checkAgainstBaseline(val, reversed, sessions, 0, 7);
    // baseline: ranks 1..5 in turn -> MRR = (1 + 1/2 + 1/3 + 1/4 + 1/5) / 5; reversed: ranks 30..26, outside the top 20
    expect(c.baseline.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5) / 5, 12);
    expect(c.baseline.hitRate).toBe(1);
    expect([c.ranker.mrr, c.ranker.hitRate]).toEqual([0, 0]);
    expect([c.queries, c.sessions, c.k]).toEqual([300, 150, GUARD_K]);
    expect(c.mrrDifference.mean).toBeCloseTo(-c.baseline.mrr, 12);
    expect(c.mrrDifference.high).toBeLessThan(0);
    const err = rankerBelowBaseline(c, 42);
    expect(err?.code).toBe("ranker_below_baseline");
    expect(err?.exitCode).toBe(EXIT.gate);
    expect(err?.message).toMatch(/MRR@20 0\.0000 against 0\.4567/);
  });

  it("checkAgainstBaseline(the baseline's own scores) finds no difference, and the guard lets the ranker pass", () => {
    const rows = rowsWith(200, 25, (q) => 1 + (q % 23));
    const all = Int32Array.from({ length: 200 }, (_, q) => q);
    const val = sliceQueries(rows, all);
    const c = checkAgainstBaseline(val, baseOnly(val), all, 0, 3);
    expect(c.mrrDifference).toEqual({ mean: 0, low: 0, high: 0 });
    expect(c.ranker).toEqual(c.baseline);
    // targets at ranks 21..23 are misses at k = 20
    expect(c.baseline.hitRate).toBeCloseTo(1 - 3 / 23, 1);
    expect(rankerBelowBaseline(c, 3)).toBeNull();
  });

  it("a ranker a little worse than the baseline on few queries is within the noise: not refused", () => {
    // 12 queries, each target at the baseline's rank 1; the ranker swaps ranks 1 and 2 on one of them
    const rows = rowsWith(12, 10, () => 1);
    const all = Int32Array.from({ length: 12 }, (_, q) => q);
    const val = sliceQueries(rows, all);
    const scores = baseOnly(val);
    [scores[0], scores[1]] = [scores[1], scores[0]];
    const c = checkAgainstBaseline(val, scores, all, 0, 5);
    expect(c.mrrDifference.mean).toBeCloseTo(-0.5 / 12, 12);
    expect(c.mrrDifference.low).toBeLessThan(c.mrrDifference.mean);
    // about a third of the resamples leave the swapped query out: the interval reaches 0
    expect(c.mrrDifference.high).toBe(0);
    expect(rankerBelowBaseline(c, 5)).toBeNull();
  });

  it("rankerBelowBaseline refuses a figure worse beyond the noise unless the other is at or above 0: a trade-off", () => {
    const reading = (m: [number, number, number], h: [number, number, number]) => ({
      queries: 100,
      sessions: 60,
      k: GUARD_K,
      ranker: { mrr: 0.5, hitRate: 0.9 },
      baseline: { mrr: 0.5, hitRate: 0.9 },
      mrrDifference: { mean: m[0], low: m[1], high: m[2] },
      hitRateDifference: { mean: h[0], low: h[1], high: h[2] },
    });
    const refused = (m: [number, number, number], h: [number, number, number]) =>
      rankerBelowBaseline(reading(m, h), 1) !== null;
    expect(refused([-0.03, -0.05, -0.01], [0.02, -0.01, 0.05])).toBe(true); // MRR worse, HR unclear
    expect(refused([-0.03, -0.05, -0.01], [0.04, 0, 0.08])).toBe(false); // MRR worse, HR at or above 0
    expect(refused([0.01, -0.01, 0.03], [-0.2, -0.3, -0.1])).toBe(true); // HR worse, MRR unclear
    expect(refused([0.02, 0.001, 0.04], [-0.02, -0.04, -0.001])).toBe(false); // HR worse, MRR better
    expect(refused([-0.01, -0.03, 0], [-0.01, -0.03, 0.01])).toBe(false); // an interval that reaches 0 is no proof
    expect(refused([-0.05, -0.08, -0.02], [-0.05, -0.08, -0.02])).toBe(true);
    const message = rankerBelowBaseline(reading([-0.03, -0.05, -0.01], [0.02, -0.01, 0.05]), 9)!.message;
    expect(message).toMatch(/difference -0\.0300 \[-0\.0500, -0\.0100\]; HR@20 0\.9000 against 0\.9000/);
    expect(rankerBelowBaseline(reading([-0.03, -0.05, -0.01], [0, -0.01, 0.01]), 9)!.hint).toMatch(/now 9/);
  });

  it("sliceQueries(rows, queries) copies those queries' rows in the given order", () => {
    const rows = rowsWith(4, 3, (q) => 1 + (q % 3));
    const s = sliceQueries(rows, [2, 0]);
    expect(Array.from(s.offsets)).toEqual([0, 3, 6]);
    expect(Array.from(s.labels)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(Array.from(s.x.subarray(0, 6))).toEqual(Array.from(rows.x.subarray(12, 18)));
    expect(Array.from(s.x.subarray(6, 12))).toEqual(Array.from(rows.x.subarray(0, 6)));
  });
});
