import { describe, expect, it } from "vitest";
import { decide } from "../../src/experiment/decide.js";
import type { ExperimentReadReport } from "../../src/experiment/experiment-report.js";
import { twoProportionTest } from "../../src/stats/two-proportion.js";

/** A read of a two-arm conversion experiment whose only comparison is twoProportionTest(control, treatment). */
function read(control: number, treatment: number, n: number): Omit<ExperimentReadReport, "decision"> {
  const t = twoProportionTest({ successes: control, n }, { successes: treatment, n });
  const comparison = {
    arm: "treatment",
    test: "two-proportion" as const,
    difference: t.difference,
    interval: t.interval,
    p: t.p,
    pHolm: t.p,
    relative: control > 0 ? treatment / control - 1 : NaN,
    relativeInterval: [NaN, NaN] as [number, number],
    cuped: null,
  };
  return {
    experiment: {
      name: "x",
      moment: "price-drop",
      metric: "conversion",
      arms: ["control", "treatment"],
      split: [50, 50],
      control: "control",
      start: "2024-01-08T00:00:00.000Z",
      end: "2024-01-22T00:00:00.000Z",
      dataEnd: "2024-01-22T00:00:00.000Z",
      usersPerArmPlanned: null,
      alpha: 0.05,
      assignment: "hash",
    },
    triggered: { total: 2 * n, byArm: { control: n, treatment: n }, exposed: null, unassigned: 0 },
    srm: { chiSquare: 0, df: 1, p: 1, level: 0.01, failed: false, expected: { control: n, treatment: n } },
    balance: { metric: "conversion", means: {}, p: [] },
    metrics: [
      {
        metric: "conversion",
        primary: true,
        means: { control: control / n, treatment: treatment / n },
        comparisons: [comparison],
      },
    ],
    incremental: [],
    sequential: [],
    series: {},
    breakdowns: [],
    notes: [],
  };
}

describe("decide", () => {
  it("decide calls 0/100 -> 4/100 not significant: p = 0.043 but the score interval [-0.0043, 0.0984] holds 0", () => {
    // by hand: pooled rate 0.02, SE sqrt(0.02 x 0.98 x 0.02) = 0.019799, z = 2.0203, p = 0.0434; Wilson 4/100
    // [0.01566, 0.09837], 0/100 [0, 0.03699]: low 0.04 - sqrt(0.02434^2 + 0.03699^2) = -0.00428
    const r = read(0, 4, 100);
    const c = r.metrics[0].comparisons[0];
    expect(c.p).toBeCloseTo(0.0434, 4);
    expect(c.interval[0]).toBeCloseTo(-0.00428, 5);
    const d = decide(r, true);
    expect(d.significant).toBe(false);
    expect(d.direction).toBe("none");
    expect(d.summary).toContain("showed no significant change");
    expect(d.summary).toContain("disagree at the boundary");
  });

  it("decide calls 0/100 -> 10/100 a significant rise: p < 0.05 and the interval excludes 0, on the same side", () => {
    const r = read(0, 10, 100);
    const c = r.metrics[0].comparisons[0];
    expect(c.p).toBeLessThan(0.01);
    expect(c.interval[0]).toBeGreaterThan(0);
    const d = decide(r, true);
    expect(d.significant).toBe(true);
    expect(d.direction).toBe("up");
    expect(d.summary).toContain("rose significantly");
    // the interval the decision rests on, by hand: Wilson 10/100 [0.05523, 0.17437], 0/100 [0, 0.03699]
    expect(d.summary).toContain("difference +0.100 [+0.0419, +0.174]");
    expect(d.summary).not.toContain("disagree");
  });

  it("decide calls 10/100 -> 0/100 a significant fall, the direction the interval points", () => {
    const r = read(10, 0, 100);
    expect(r.metrics[0].comparisons[0].interval[1]).toBeLessThan(0);
    const d = decide(r, true);
    expect(d).toMatchObject({ significant: true, direction: "down" });
    expect(d.summary).toContain("fell significantly");
  });

  it("decide with no conversions in either arm (no p-value) calls nothing significant and notes no disagreement", () => {
    const d = decide(read(0, 0, 100), true);
    expect(d.significant).toBe(false);
    expect(d.summary).not.toContain("disagree");
  });
});
