import { describe, expect, it } from "vitest";
import { pairedBootstrap } from "../../src/stats/bootstrap.js";
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
});
