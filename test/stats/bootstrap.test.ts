import { describe, expect, it } from "vitest";
import { pairedBootstrap } from "../../src/stats/bootstrap.js";
import { seededRandom } from "../../src/data/random.js";
import { seeded } from "../helpers.js";

describe("pairedBootstrap", () => {
  const rnd = seeded(3);
  const n = 4000;
  const groupOf = Int32Array.from({ length: n }, (_, c) => c); // one case per group
  const a = Float64Array.from({ length: n }, () => (rnd() < 0.3 ? 1 : 0));
  const b = Float64Array.from(a, (v) => (v === 0 && rnd() < 0.01 ? 1 : v)); // b = a plus some hits: always >= a

  it("pairedBootstrap(series) gives the mean an interval close to the normal one (p ± 1.96 se)", () => {
    const { means } = pairedBootstrap([a], groupOf, n, { resamples: 2000, level: 0.95, seed: 1, pairs: [] });
    const p = a.reduce((s, v) => s + v, 0) / n;
    const se = Math.sqrt((p * (1 - p)) / n);
    expect(means[0].low).toBeCloseTo(p - 1.96 * se, 2);
    expect(means[0].high).toBeCloseTo(p + 1.96 * se, 2);
    expect(means[0].low).toBeLessThan(p);
    expect(means[0].high).toBeGreaterThan(p);
  });

  it("pairedBootstrap pairs the draws: a model that only adds hits has a difference interval above 0", () => {
    const { differences, means } = pairedBootstrap([a, b], groupOf, n, {
      resamples: 1000,
      level: 0.95,
      seed: 1,
      pairs: [
        [1, 0],
        [0, 0],
      ],
    });
    expect(differences[0].low).toBeGreaterThan(0);
    // unpaired, the two intervals would overlap: pairing is what makes the small gain visible
    expect(means[1].low).toBeLessThan(means[0].high);
    expect(differences[1]).toEqual({ low: 0, high: 0 });
  });

  it("pairedBootstrap resamples whole groups and is the same for the same seed", () => {
    // two groups of very different means: group-level resampling gives a much wider interval than case-level
    const values = Float64Array.from({ length: 200 }, (_, c) => (c < 100 ? 1 : 0));
    const byGroup = Int32Array.from({ length: 200 }, (_, c) => (c < 100 ? 0 : 1));
    const grouped = pairedBootstrap([values], byGroup, 2, { resamples: 500, level: 0.9, seed: 9, pairs: [] }).means[0];
    const single = pairedBootstrap(
      [values],
      Int32Array.from({ length: 200 }, (_, c) => c),
      200,
      { resamples: 500, level: 0.9, seed: 9, pairs: [] },
    ).means[0];
    expect(grouped.high - grouped.low).toBeGreaterThan(3 * (single.high - single.low));
    expect(pairedBootstrap([values], byGroup, 2, { resamples: 500, level: 0.9, seed: 9, pairs: [] }).means[0]).toEqual(
      grouped,
    );
  });
  it("pairedBootstrap of many users with 0/1 hits gives, to the bit, the intervals of summing user by user", () => {
    // the naive oracle: the same draws, each resample summed over every group (the definition)
    const naive = (series: Float64Array[], groupOf: Int32Array, groups: number, resamples: number, seed: number) => {
      const random = seededRandom(seed);
      const out = series.map(() => new Float64Array(resamples));
      for (let b = 0; b < resamples; b++) {
        const w = new Int32Array(groups);
        for (let d = 0; d < groups; d++) w[Math.floor(random() * groups)]++;
        let n = 0;
        const acc = series.map(() => 0);
        for (let c = 0; c < groupOf.length; c++) {
          n += w[groupOf[c]];
          series.forEach((v, s) => (acc[s] += w[groupOf[c]] * v[c]));
        }
        series.forEach((_, s) => (out[s][b] = acc[s] / n));
      }
      return out.map((d) => {
        const sorted = Float64Array.from(d).sort();
        const q = (p: number) => {
          const at = p * (sorted.length - 1);
          const lo = Math.floor(at);
          const hi = Math.min(lo + 1, sorted.length - 1);
          return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
        };
        return { low: q(0.025), high: q(0.975) };
      });
    };
    const r = seeded(5);
    const cases = 3000;
    const groupOf = new Int32Array(cases); // users of 1-3 alerts each
    for (let c = 1, g = 0; c < cases; c++) groupOf[c] = r() < 0.5 ? g : ++g;
    const groups = groupOf[cases - 1] + 1;
    const hits = [0.05, 0.2, 0.5].map((p) => Float64Array.from({ length: cases }, () => (r() < p ? 1 : 0)));
    const got = pairedBootstrap(hits, groupOf, groups, { resamples: 300, level: 0.95, seed: 7, pairs: [] });
    expect(got.means).toEqual(naive(hits, groupOf, groups, 300, 7));
  });
});
