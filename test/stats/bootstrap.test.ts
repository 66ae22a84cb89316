import { describe, expect, it } from "vitest";
import { groupKinds, pairedBootstrap } from "../../src/stats/bootstrap.js";
import { seededRandom } from "../../src/data/random.js";
import { seeded } from "../helpers.js";

/** The definition, naively: the same draws, each resample's means summed case by case (0 when no case is drawn). */
function naive(series: Float64Array[], groupOf: Int32Array, groups: number, resamples: number, seed: number) {
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
    series.forEach((_, s) => (out[s][b] = n > 0 ? acc[s] / n : 0));
  }
  return out;
}

/** numpy's default percentile interval of draws. */
function interval(draws: Float64Array, level: number) {
  const sorted = Float64Array.from(draws).sort();
  const q = (p: number) => {
    const at = p * (sorted.length - 1);
    const lo = Math.floor(at);
    return at === lo ? sorted[lo] : sorted[lo] + (sorted[lo + 1] - sorted[lo]) * (at - lo);
  };
  return { low: q((1 - level) / 2), high: q(1 - (1 - level) / 2) };
}

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
    const r = seeded(5);
    const cases = 3000;
    const groupOf = new Int32Array(cases); // users of 1-3 alerts each
    for (let c = 1, g = 0; c < cases; c++) groupOf[c] = r() < 0.5 ? g : ++g;
    const groups = groupOf[cases - 1] + 1;
    const hits = [0.05, 0.2, 0.5].map((p) => Float64Array.from({ length: cases }, () => (r() < p ? 1 : 0)));
    const got = pairedBootstrap(hits, groupOf, groups, { resamples: 300, level: 0.95, seed: 7, pairs: [] });
    expect(got.means).toEqual(naive(hits, groupOf, groups, 300, 7).map((d) => interval(d, 0.95)));
  });
});

describe("pairedBootstrap against the naive definition", () => {
  const r = seeded(11);
  const cases = 600;
  const groupOf = Int32Array.from({ length: cases }, (_, c) => Math.floor(c / 3));
  const groups = cases / 3 + 2; // the last two groups hold no case

  it("gives the means, differences and ratios of fractional values within rounding", () => {
    const x = Float64Array.from({ length: cases }, () => r() * 10);
    const y = Float64Array.from({ length: cases }, () => r() * 4);
    const got = pairedBootstrap([x, y], groupOf, groups, {
      resamples: 400,
      level: 0.9,
      seed: 3,
      pairs: [[0, 1]],
      ratios: [[1, 0]],
    });
    const [dx, dy] = naive([x, y], groupOf, groups, 400, 3);
    const want = {
      means: [interval(dx, 0.9), interval(dy, 0.9)],
      differences: [
        interval(
          dx.map((v, b) => v - dy[b]),
          0.9,
        ),
      ],
      ratios: [
        interval(
          dy.map((v, b) => v / dx[b]),
          0.9,
        ),
      ],
    };
    for (const key of ["means", "differences", "ratios"] as const)
      got[key].forEach((iv, z) => {
        expect(iv.low).toBeCloseTo(want[key][z].low, 12);
        expect(iv.high).toBeCloseTo(want[key][z].high, 12);
      });
  });

  it("takes a ratio over a zero denominator as 0, and level 1 as the range of the draws", () => {
    const hits = Float64Array.from({ length: cases }, () => (r() < 0.3 ? 1 : 0));
    const none = new Float64Array(cases);
    const got = pairedBootstrap([hits, none], groupOf, groups, {
      resamples: 200,
      level: 1,
      seed: 4,
      pairs: [],
      ratios: [[0, 1]],
    });
    expect(got.ratios).toEqual([{ low: 0, high: 0 }]);
    const draws = naive([hits], groupOf, groups, 200, 4)[0];
    expect(got.means[0]).toEqual({ low: Math.min(...draws), high: Math.max(...draws) });
  });

  it("gives a resample that draws only empty groups the mean 0", () => {
    const one = Float64Array.from([5]);
    // group 0 holds the case, groups 1-2 none: (2/3)^3, about 30% of resamples, draw no case
    const got = pairedBootstrap([one], Int32Array.from([0]), 3, { resamples: 400, level: 0.9, seed: 2, pairs: [] });
    expect(got.means[0]).toEqual(interval(naive([one], Int32Array.from([0]), 3, 400, 2)[0], 0.9));
    expect(got.means[0].low).toBe(0);
  });
});

describe("groupKinds(count, sums, S)", () => {
  /** `groups` groups of one case each, with sums cycling through `values`. */
  const fold = (groups: number, values: number[]) =>
    groupKinds(
      new Float64Array(groups).fill(1),
      Float64Array.from({ length: groups }, (_, g) => values[g % values.length]),
      1,
    );

  it("folds interchangeable groups into their kinds: same count and sums, same kind", () => {
    const k = groupKinds(
      Float64Array.from({ length: 80 }, (_, g) => 1 + (g % 2)),
      Float64Array.from({ length: 160 }, (_, x) => (x % 4 === 0 ? 1 : 0)),
      2,
    );
    // group g: count 1 + g % 2, sums [g % 2 === 0 ? 1 : 0, 0]
    expect(k).not.toBeNull();
    expect(Array.from(k!.count)).toEqual([1, 2]);
    expect(Array.from(k!.sums)).toEqual([1, 0, 0, 0]);
    expect(Array.from(k!.of)).toEqual(Array.from({ length: 80 }, (_, g) => g % 2));
  });

  it("folds from 64 groups on, and up to a quarter of the groups plus one kinds", () => {
    expect(fold(63, [0, 1])).toBeNull();
    expect(fold(64, [0, 1])!.count.length).toBe(2);
    expect(
      fold(
        64,
        Array.from({ length: 17 }, (_, v) => v),
      )!.count.length,
    ).toBe(17);
    expect(
      fold(
        64,
        Array.from({ length: 18 }, (_, v) => v),
      ),
    ).toBeNull();
  });

  it("does not fold sums that are not whole or not exact in any order (above 2^20)", () => {
    expect(fold(100, [0, 0.5])).toBeNull();
    expect(fold(100, [0, 2 ** 20])!.count.length).toBe(2);
    expect(fold(100, [0, 2 ** 20 + 1])).toBeNull();
    expect(fold(100, [0, -(2 ** 20) - 1])).toBeNull();
  });
});
