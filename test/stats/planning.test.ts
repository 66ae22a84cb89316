import { describe, expect, it } from "vitest";
import { sampleSizePerArm } from "../../src/stats/sample-size.js";
import { detectableEffect } from "../../src/stats/detectable-effect.js";
import { power } from "../../src/stats/power.js";
import { cuped } from "../../src/stats/cuped.js";
import { alwaysValid } from "../../src/stats/always-valid.js";
import { moments } from "../../src/stats/moments.js";
import { normalQuantile } from "../../src/stats/normal.js";

describe("planning", () => {
  it("sampleSizePerArm({delta 0.5, variance 1}) is 63, the textbook (1.96 + 0.8416)^2 * 2 / 0.25 = 62.79 rounded up", () => {
    expect(sampleSizePerArm({ delta: 0.5, varianceControl: 1 })).toBe(63);
  });

  it("sampleSizePerArm for 10% -> 12% conversion is 3839: (2.801585)^2 (0.09 + 0.1056) / 0.02^2 = 3838.1", () => {
    expect(sampleSizePerArm({ delta: 0.02, varianceControl: 0.1 * 0.9, varianceTreatment: 0.12 * 0.88 })).toBe(3839);
    // alpha 0.01, power 0.9: (2.575829 + 1.281552)^2 = 14.879505 -> 14.879505 * 2 / 0.01 = 2975.9
    expect(sampleSizePerArm({ delta: 0.1, varianceControl: 1, alpha: 0.01, power: 0.9 })).toBe(2976);
  });

  it("sampleSizePerArm is the same for a decrease as for an increase, and against a brute-force search of the formula", () => {
    expect(sampleSizePerArm({ delta: -0.5, varianceControl: 1 })).toBe(63);
    // the smallest n whose z-statistic at the true delta reaches z_{1-alpha/2} + z_{power}, found by counting up
    for (const [delta, v1, v2, alpha, pw] of [
      [0.3, 2, 3, 0.05, 0.8],
      [0.05, 0.25, 0.2475, 0.1, 0.9],
      [1.2, 4, 4, 0.01, 0.95],
    ]) {
      const z = normalQuantile(1 - alpha / 2) + normalQuantile(pw);
      let n = 1;
      while (delta / Math.sqrt((v1 + v2) / n) < z) n++;
      expect(sampleSizePerArm({ delta, varianceControl: v1, varianceTreatment: v2, alpha, power: pw })).toBe(n);
    }
  });

  it("sampleSizePerArm refuses a zero or infinite delta and an alpha or power outside (0, 1), naming the value", () => {
    expect(() => sampleSizePerArm({ delta: 0, varianceControl: 1 })).toThrow("delta must be non-zero, got 0");
    expect(() => sampleSizePerArm({ delta: Infinity, varianceControl: 1 })).toThrow("got Infinity");
    expect(() => sampleSizePerArm({ delta: NaN, varianceControl: 1 })).toThrow("got NaN");
    for (const [alpha, pw] of [
      [0, 0.8],
      [1, 0.8],
      [0.05, 0],
      [0.05, 1],
    ])
      expect(() => sampleSizePerArm({ delta: 1, varianceControl: 1, alpha, power: pw })).toThrow(
        `alpha and power must be in (0, 1), got ${alpha} and ${pw}`,
      );
  });

  it("detectableEffect(n) inverts the sample size, and power(delta, se) at that effect is the planned 0.8", () => {
    const n = 5000;
    const mde = detectableEffect(n, 0.25);
    expect(mde).toBeCloseTo(2.801585 * Math.sqrt(0.5 / n), 6);
    expect(power(mde, Math.sqrt(0.5 / n))).toBeCloseTo(0.8, 6);
    expect(power(0, 1)).toBeCloseTo(0.025, 6);
  });

  it("cuped(y, x) on y = x + e with e orthogonal to x: theta 1, correlation 1/sqrt(2), adjusted y = e", () => {
    const x = [-1, -1, 1, 1];
    const e = [1, -1, 1, -1];
    const y = x.map((v, i) => v + e[i]);
    const r = cuped(y, x);
    expect(r.theta).toBeCloseTo(1, 12);
    expect(r.correlation).toBeCloseTo(Math.SQRT1_2, 12);
    expect(Array.from(r.adjusted)).toEqual(e);
    expect(cuped([1, 2, 3], [5, 5, 5]).theta).toBe(0);
  });

  it("cuped(y, x) with a constructed correlation of 0.6 cuts the variance by 1 - 0.36 and keeps the mean", () => {
    let seed = 11;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const gauss = () => normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, rand())));
    const n = 50_000;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = gauss();
      y[i] = 3 + 0.6 * x[i] + 0.8 * gauss(); // corr(x, y) = 0.6 / sqrt(0.36 + 0.64)
    }
    const r = cuped(y, x);
    expect(r.correlation).toBeCloseTo(0.6, 1.5);
    expect(r.theta).toBeCloseTo(0.6, 1.5);
    expect(moments(r.adjusted).mean).toBeCloseTo(moments(y).mean, 10);
    expect(moments(r.adjusted).variance / moments(y).variance).toBeCloseTo(0.64, 1.5);
  });

  it("alwaysValid(2, V 1, tau2 1) is Lambda sqrt(1/2) e, p 1/Lambda, half-width sqrt(2 (2 ln 20 + ln 2))", () => {
    const r = alwaysValid(2, 1, 1);
    expect(r.likelihoodRatio).toBeCloseTo(Math.SQRT1_2 * Math.E, 12);
    expect(r.p).toBeCloseTo(1 / (Math.SQRT1_2 * Math.E), 12);
    const half = Math.sqrt(2 * (2 * Math.log(20) + Math.log(2)));
    expect(r.interval[0]).toBeCloseTo(2 - half, 12);
    expect(r.interval[1]).toBeCloseTo(2 + half, 12);
  });

  it("alwaysValid keeps the false positive rate under 5% with 30 looks at a null effect, where a z test at each look does not", () => {
    let seed = 3;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const gauss = () => normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, rand())));
    let sequential = 0;
    let fixed = 0;
    const runs = 2000;
    for (let r = 0; r < runs; r++) {
      let sum = 0;
      let n = 0;
      let seqHit = false;
      let fixHit = false;
      for (let look = 1; look <= 30; look++) {
        for (let i = 0; i < 50; i++, n++) sum += gauss(); // a difference per unit, mean 0, variance 1
        const v = 1 / n;
        const mean = sum / n;
        if (alwaysValid(mean, v, 1 / 750).p < 0.05) seqHit = true;
        if (Math.abs(mean) / Math.sqrt(v) > 1.959963985) fixHit = true;
      }
      if (seqHit) sequential++;
      if (fixHit) fixed++;
    }
    expect(sequential / runs).toBeLessThan(0.05);
    expect(fixed / runs).toBeGreaterThan(0.12);
  });
});
