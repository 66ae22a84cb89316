import { describe, expect, it } from "vitest";
import { welchTest } from "../../src/stats/welch.js";
import { twoProportionTest } from "../../src/stats/two-proportion.js";
import { relativeDifference } from "../../src/stats/relative-difference.js";
import { deltaRatio } from "../../src/stats/delta-ratio.js";
import { sampleRatioTest } from "../../src/stats/sample-ratio.js";
import { holm } from "../../src/stats/holm.js";
import { moments } from "../../src/stats/moments.js";

describe("tests of a difference", () => {
  it("moments([2, 4, 4, 4, 5, 5, 7, 9]) is n 8, mean 5, variance 32 / 7", () => {
    expect(moments([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ n: 8, mean: 5, variance: 32 / 7 });
  });

  it("welchTest(n 10 mean 5 var 4, n 20 mean 6 var 9) has df 25.408, t 1.0847, p 0.28826 and the t interval", () => {
    // by hand: Var = 4/10 + 9/20 = 0.85; df = 0.85^2 / (0.4^2/9 + 0.45^2/19); t = 1 / sqrt(0.85); p and t_0.975 from
    // the t table at 25.4 df (scipy.stats.t: p 0.288260663, interval -0.897255 .. 2.897255)
    const r = welchTest({ n: 10, mean: 5, variance: 4 }, { n: 20, mean: 6, variance: 9 });
    expect(r.difference).toBe(1);
    expect(r.standardError).toBeCloseTo(Math.sqrt(0.85), 12);
    expect(r.df).toBeCloseTo(25.408226221, 6);
    expect(r.statistic).toBeCloseTo(1.084652289, 8);
    expect(r.p).toBeCloseTo(0.288260663, 7);
    expect(r.interval[0]).toBeCloseTo(-0.897255022, 6);
    expect(r.interval[1]).toBeCloseTo(2.897255022, 6);
  });

  it("twoProportionTest(100/1000, 130/1000) tests with the pooled SE (z 2.1027) and gives Newcombe's score interval", () => {
    const r = twoProportionTest({ successes: 100, n: 1000 }, { successes: 130, n: 1000 });
    const pooled = Math.sqrt(0.115 * 0.885 * 0.002);
    const unpooled = Math.sqrt((0.1 * 0.9 + 0.13 * 0.87) / 1000);
    expect(r.difference).toBeCloseTo(0.03, 12);
    expect(r.statistic).toBeCloseTo(0.03 / pooled, 10);
    expect(r.statistic).toBeCloseTo(2.10274, 4);
    expect(r.p).toBeCloseTo(0.035484, 5);
    expect(r.standardError).toBeCloseTo(unpooled, 12);
    // Wilson 130/1000 [0.110564, 0.152268], 100/1000 [0.082909, 0.120152]; low 0.03 - sqrt(0.019436^2 + 0.020152^2)
    expect(r.interval[0]).toBeCloseTo(0.002002, 6);
    expect(r.interval[1]).toBeCloseTo(0.05807, 5);
    // at a thousand users per arm it is close to the Wald interval, 0.03 +- 1.96 x unpooled = [0.00207, 0.05793]
    expect(r.interval[0]).toBeCloseTo(0.03 - 1.959963985 * unpooled, 3);
    expect(r.interval[1]).toBeCloseTo(0.03 + 1.959963985 * unpooled, 3);
  });

  it("relativeDifference(10 +- 1, 11 +- 1) is +10% with the delta-method SE sqrt(1/100 + 121/10000)", () => {
    const r = relativeDifference({ mean: 10, varianceOfMean: 1 }, { mean: 11, varianceOfMean: 1 });
    expect(r.relative).toBeCloseTo(0.1, 12);
    expect(r.standardError).toBeCloseTo(Math.sqrt(0.0221), 12);
    expect(r.interval[0]).toBeCloseTo(0.1 - 1.959963985 * Math.sqrt(0.0221), 7);
  });

  it("deltaRatio([1, 2, 3], [1, 1, 2]) is 1.5 with variance 0.046875 (worked by hand)", () => {
    // my 2, mx 4/3, s_y^2 1, s_x^2 1/3, s_xy 1/2: (1 - 2 * 1.5 * 0.5 + 2.25 / 3) / (3 * 16 / 9) = 0.25 / (16 / 3)
    const r = deltaRatio([1, 2, 3], [1, 1, 2]);
    expect(r.ratio).toBe(1.5);
    expect(r.variance).toBeCloseTo(0.046875, 12);
  });

  it("deltaRatio's variance matches the spread of the ratio over 2000 simulated samples", () => {
    let seed = 7;
    const rand = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    const ratios: number[] = [];
    let predicted = 0;
    for (let s = 0; s < 2000; s++) {
      const x = Float64Array.from({ length: 200 }, () => 1 + Math.floor(rand() * 4));
      const y = x.map((v) => v * (2 + rand()) + rand() * 3);
      const r = deltaRatio(y, x);
      ratios.push(r.ratio);
      predicted += r.variance / 2000;
    }
    expect(moments(ratios).variance / predicted).toBeGreaterThan(0.9);
    expect(moments(ratios).variance / predicted).toBeLessThan(1.1);
  });

  it("sampleRatioTest([60, 40], [50, 50]) is chi-square 4 on 1 df, p 0.0455; an exact split gives p 1", () => {
    const r = sampleRatioTest([60, 40], [50, 50]);
    expect(r.chiSquare).toBeCloseTo(4, 12);
    expect(r.df).toBe(1);
    expect(r.p).toBeCloseTo(0.0455002639, 8);
    expect(r.expected).toEqual([50, 50]);
    expect(sampleRatioTest([500, 250, 250], [50, 25, 25]).p).toBeCloseTo(1, 12);
    // 3 arms, 20/30/50 planned, 30/30/40 seen: (10^2/20 + 0 + 10^2/50) = 7 on 2 df -> exp(-3.5)
    expect(sampleRatioTest([30, 30, 40], [20, 30, 50]).p).toBeCloseTo(Math.exp(-3.5), 10);
  });

  it("holm([0.01, 0.04, 0.03, 0.005]) is [0.03, 0.06, 0.06, 0.02] (step-down, kept monotone)", () => {
    const r = holm([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(r[i]).toBeCloseTo(v, 12));
    expect(holm([0.5, 0.9])).toEqual([1, 1]);
  });
});
