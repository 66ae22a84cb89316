import { describe, expect, it } from "vitest";
import { alwaysValid } from "../../src/stats/always-valid.js";
import { cuped } from "../../src/stats/cuped.js";
import { deltaRatio } from "../../src/stats/delta-ratio.js";
import { moments } from "../../src/stats/moments.js";
import { welchTest } from "../../src/stats/welch.js";
import { twoProportionTest } from "../../src/stats/two-proportion.js";
import { power } from "../../src/stats/power.js";
import { detectableEffect } from "../../src/stats/detectable-effect.js";
import { holm } from "../../src/stats/holm.js";

// What each statistic gives when the data cannot support it (no variance, no users, no signal): NaN or a stated
// limit, never a number that looks like an answer; and checks whose inputs have non-zero means and variances other
// than 1, where a swapped operator cannot hide.
describe("statistics on degenerate inputs", () => {
  it("alwaysValid without variance or without prior spread is NaN throughout", () => {
    for (const [variance, tau2] of [
      [0, 1],
      [1, 0],
      [-1, 1],
      [1, -1],
      [NaN, 1],
    ]) {
      const r = alwaysValid(1, variance, tau2);
      expect([r.likelihoodRatio, r.p, ...r.interval].every(Number.isNaN), `V ${variance} tau2 ${tau2}`).toBe(true);
    }
  });

  it("alwaysValid(0.5, V 2, tau2 0.5) is the normal mixture's Lambda and half-width, worked out by hand", () => {
    const r = alwaysValid(0.5, 2, 0.5);
    const lambda = Math.sqrt(2 / 2.5) * Math.exp((0.5 * 0.25) / (2 * 2 * 2.5)); // 0.899453...
    expect(r.likelihoodRatio).toBeCloseTo(lambda, 12);
    expect(r.p).toBe(1); // 1 / Lambda > 1, capped
    const half = Math.sqrt(((2 * 2.5) / 0.5) * (2 * Math.log(20) + Math.log(2.5 / 2)));
    expect(r.interval[0]).toBeCloseTo(0.5 - half, 12);
    expect(r.interval[1]).toBeCloseTo(0.5 + half, 12);
  });

  it("cuped on non-zero means: theta 0.5, correlation 7 / sqrt(70), adjusted y worked by hand", () => {
    // x mean 12, y mean 2.5: dx -2 0 -1 3, dy -1.5 -0.5 0.5 1.5; sxy 7, sxx 14, syy 5
    const r = cuped([1, 2, 3, 4], [10, 12, 11, 15]);
    expect(r.theta).toBeCloseTo(0.5, 14);
    expect(r.correlation).toBeCloseTo(7 / Math.sqrt(70), 14);
    expect(Array.from(r.adjusted)).toEqual([2, 2, 3.5, 2.5]);
  });

  it("cuped with a constant pre-period or a constant outcome has theta and correlation 0 (not NaN)", () => {
    const flatX = cuped([1, 5, 2], [3, 3, 3]);
    expect([flatX.theta, flatX.correlation]).toEqual([0, 0]);
    expect(Array.from(flatX.adjusted)).toEqual([1, 5, 2]);
    const flatY = cuped([4, 4, 4], [1, 2, 6]);
    expect([flatY.theta, flatY.correlation]).toEqual([0, 0]);
    expect(() => cuped([1, 2], [1])).toThrow("cuped(y, x) needs equal lengths");
    expect(() => deltaRatio([1, 2], [1])).toThrow("deltaRatio(y, x) needs equal lengths");
  });

  it("moments of no values: mean NaN; of one value: variance 0", () => {
    expect(moments([])).toEqual({ n: 0, mean: NaN, variance: 0 });
    expect(moments([7])).toEqual({ n: 1, mean: 7, variance: 0 });
  });

  it("welchTest without variance gives the difference with no p-value and a point interval", () => {
    const r = welchTest({ n: 5, mean: 2, variance: 0 }, { n: 5, mean: 3, variance: 0 });
    expect(r.difference).toBe(1);
    expect(r.standardError).toBe(0);
    expect(r.interval).toEqual([1, 1]);
    expect(r.p).toBeNaN();
    expect(r.statistic).toBeNaN();
  });

  it("twoProportionTest with no successes in either arm has no z and no p-value", () => {
    const r = twoProportionTest({ successes: 0, n: 100 }, { successes: 0, n: 80 });
    expect(r.difference).toBe(0);
    expect(r.statistic).toBeNaN();
    expect(r.p).toBeNaN();
  });

  it("power without a standard error is NaN; detectableEffect with no users is Infinity", () => {
    for (const se of [0, -1, NaN]) expect(power(1, se)).toBeNaN();
    expect(power(0.1, 0.05)).toBeCloseTo(0.516, 3); // Phi(2 - 1.96)
    for (const n of [0, -5, NaN]) expect(detectableEffect(n, 1)).toBe(Infinity);
    expect(detectableEffect(100, 2)).toBeCloseTo(2.801585 * Math.sqrt(4 / 100), 5);
  });

  it("holm keeps ties in input order and returns one value per input, an empty list for none", () => {
    expect(holm([0.02, 0.01, 0.02])).toEqual([0.04, 0.03, 0.04]);
    expect(holm([])).toEqual([]);
  });
});
