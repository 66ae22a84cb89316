import { describe, expect, it } from "vitest";
import { erfc, normalCdf, normalQuantile, twoSidedP } from "../../src/stats/normal.js";
import { studentTQuantile, studentTTwoSidedP } from "../../src/stats/student-t.js";
import { chiSquareSf } from "../../src/stats/chi-square.js";
import { sampleRatioTest } from "../../src/stats/sample-ratio.js";
import { relativeDifference } from "../../src/stats/relative-difference.js";

// The edges of the distribution functions and the tests built on them: the ends of their domains, the values they
// refuse (with the message naming the value) and the degenerate inputs that must give NaN rather than a number.
describe("distribution edges", () => {
  it("normalQuantile(0) is -Infinity, (1) is +Infinity; outside [0, 1] or NaN it throws naming p", () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    for (const p of [-0.1, 1.5, NaN])
      expect(() => normalQuantile(p)).toThrow(`normalQuantile(p) needs p in [0, 1], got ${p}`);
  });

  it("normalQuantile is symmetric and inverts normalCdf in the tails and at the region boundaries (0.02425)", () => {
    for (const p of [1e-12, 1e-5, 0.0242, 0.02425, 0.0243, 0.3, 0.5, 0.7, 0.9757, 0.97575, 0.9758, 1 - 1e-5]) {
      const z = normalQuantile(p);
      // Acklam's stated accuracy is a relative error in z below 1.15e-9: dz = dp / density(z)
      const dz = Math.abs(normalCdf(z) - p) / (Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI));
      expect(dz / Math.max(Math.abs(z), 1), `p ${p}`).toBeLessThan(1.2e-9);
      if (p >= 1e-5) expect(normalQuantile(1 - p)).toBeCloseTo(-z, 6); // 1 - 1e-12 would lose the tail's digits
    }
    expect(normalQuantile(0.5)).toBe(0);
  });

  it("erfc at 0 is 1, is 2 - erfc(-x) below 0, and twoSidedP(NaN) is NaN", () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(-1)).toBeCloseTo(2 - erfc(1), 14);
    expect(erfc(1)).toBeCloseTo(0.157299207050285, 13);
    expect(twoSidedP(-2)).toBe(twoSidedP(2));
    expect(twoSidedP(NaN)).toBeNaN();
  });

  it("studentTTwoSidedP is NaN for a NaN t or df <= 0, the normal's at df = Infinity, and 1 at t = 0", () => {
    expect(studentTTwoSidedP(NaN, 5)).toBeNaN();
    expect(studentTTwoSidedP(1, 0)).toBeNaN();
    expect(studentTTwoSidedP(1, -3)).toBeNaN();
    expect(studentTTwoSidedP(1, NaN)).toBeNaN();
    expect(studentTTwoSidedP(2, Infinity)).toBe(twoSidedP(2));
    expect(studentTTwoSidedP(0, 7)).toBe(1);
    expect(studentTTwoSidedP(-2.5, 7)).toBe(studentTTwoSidedP(2.5, 7));
  });

  it("studentTQuantile refuses p outside (0, 1) and df <= 0 naming them, gives exactly 0 at p = 0.5, and is odd", () => {
    for (const p of [0, 1, -1, NaN])
      expect(() => studentTQuantile(p, 5)).toThrow(`studentTQuantile(p, df) needs p in (0, 1), got ${p}`);
    for (const df of [0, -1, NaN])
      expect(() => studentTQuantile(0.9, df)).toThrow(`studentTQuantile(p, df) needs df > 0, got ${df}`);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0.1, 4)).toBeCloseTo(-studentTQuantile(0.9, 4), 10);
  });

  it("studentTQuantile inverts studentTTwoSidedP to 1e-10, far in the tails and at small df", () => {
    for (const df of [0.5, 1, 3, 30, 1e4])
      for (const p of [1e-8, 0.001, 0.2, 0.8, 0.999]) {
        const t = studentTQuantile(p, df);
        const upperTail = Math.min(p, 1 - p);
        expect(Math.abs(studentTTwoSidedP(t, df) / 2 - upperTail) / upperTail, `p ${p} df ${df}`).toBeLessThan(1e-10);
        expect(Math.sign(t)).toBe(p > 0.5 ? 1 : -1);
      }
    // 1 df is Cauchy: the quantile is tan(pi (p - 1/2))
    expect(studentTQuantile(0.999, 1)).toBeCloseTo(Math.tan(Math.PI * 0.499), 6);
  });

  it("chiSquareSf refuses df <= 0 naming it, is 1 at x <= 0, and decreases in x", () => {
    for (const df of [0, -2, NaN])
      expect(() => chiSquareSf(1, df)).toThrow(`chiSquareSf(x, df) needs df > 0, got ${df}`);
    expect(chiSquareSf(0, 3)).toBe(1);
    expect(chiSquareSf(-1, 3)).toBe(1);
    expect(chiSquareSf(NaN, 3)).toBe(1);
    expect(chiSquareSf(3, 3)).toBeGreaterThan(chiSquareSf(4, 3));
    // 4 df: Q(2, x/2) = exp(-x/2) (1 + x/2)
    expect(chiSquareSf(6, 4)).toBeCloseTo(Math.exp(-3) * 4, 12);
  });

  it("sampleRatioTest refuses a share list of another length or a single arm, and skips arms planned at 0", () => {
    const message = "sampleRatioTest(observed, shares) needs one share per arm and at least two arms";
    expect(() => sampleRatioTest([10, 10], [1, 1, 1])).toThrow(message);
    expect(() => sampleRatioTest([10], [1])).toThrow(message);
    const r = sampleRatioTest([40, 60, 0], [1, 1, 0]); // the third arm planned at 0: (10^2/50) * 2 = 4 on 2 df
    expect(r.expected).toEqual([50, 50, 0]);
    expect(r.chiSquare).toBeCloseTo(4, 12);
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(Math.exp(-2), 12);
    expect(r.observed).toEqual([40, 60, 0]);
    expect(sampleRatioTest([0, 0], [1, 1]).p).toBe(1); // no users: nothing to test
    expect(sampleRatioTest([30, 70], [3, 7]).p).toBeCloseTo(1, 12); // shares need not sum to 1
  });

  it("relativeDifference gives NaN (not a number that looks real) for a zero control mean or no variance", () => {
    const zero = relativeDifference({ mean: 0, varianceOfMean: 1 }, { mean: 1, varianceOfMean: 1 });
    expect(zero.relative).toBeNaN();
    expect(zero.standardError).toBeNaN();
    expect(zero.interval.every(Number.isNaN)).toBe(true);
    expect(zero.p).toBeNaN();
    const flat = relativeDifference({ mean: 2, varianceOfMean: 0 }, { mean: 3, varianceOfMean: 0 });
    expect(flat.relative).toBeCloseTo(0.5, 12);
    expect(flat.standardError).toBeNaN();
    expect(flat.p).toBeNaN();
  });

  it("relativeDifference at alpha 0.1 uses z 1.645 and its p is the z test's of relative / se", () => {
    const r = relativeDifference({ mean: 10, varianceOfMean: 1 }, { mean: 12, varianceOfMean: 2 }, 0.1);
    const se = Math.sqrt(2 / 100 + (144 * 1) / 10000);
    expect(r.standardError).toBeCloseTo(se, 12);
    expect(r.interval[0]).toBeCloseTo(0.2 - 1.644853627 * se, 7);
    expect(r.interval[1]).toBeCloseTo(0.2 + 1.644853627 * se, 7);
    expect(r.p).toBeCloseTo(twoSidedP(0.2 / se), 12);
  });
});
