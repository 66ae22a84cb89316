import { cuped } from "../stats/cuped.js";
import { deltaRatio } from "../stats/delta-ratio.js";
import { holm } from "../stats/holm.js";
import { moments } from "../stats/moments.js";
import { normalQuantile, twoSidedP } from "../stats/normal.js";
import { relativeDifference } from "../stats/relative-difference.js";
import { twoProportionTest } from "../stats/two-proportion.js";
import { welchTest, type DifferenceTest } from "../stats/welch.js";
import type { ArmComparison } from "./experiment-report.js";

/** The units of each arm: indexes into the per-user arrays. */
export type ArmUnits = Int32Array[];

const pick = (values: Float64Array, units: Int32Array) => Float64Array.from(units, (x) => values[x]);

/**
 * Each treatment arm (every arm but `control`) against control on a per-user metric: the two-proportion test for a
 * binary metric, Welch's test otherwise; the relative difference by the delta method; CUPED on the pre-period value
 * (theta from all arms together); Holm over the treatment arms.
 */
export function compareArms(
  arms: readonly string[],
  control: number,
  units: ArmUnits,
  y: Float64Array,
  pre: Float64Array | null,
  binary: boolean,
  alpha: number,
): ArmComparison[] {
  const adjusted = pre ? cupedAdjusted(units, y, pre) : null;
  const c = pick(y, units[control]);
  const mc = moments(c);
  const out: ArmComparison[] = [];
  arms.forEach((arm, a) => {
    if (a === control) return;
    const t = pick(y, units[a]);
    const mt = moments(t);
    const plain: DifferenceTest = binary
      ? twoProportionTest({ successes: sum(c), n: c.length }, { successes: sum(t), n: t.length }, alpha)
      : welchTest(mc, mt, alpha);
    const rel = relativeDifference(
      { mean: mc.mean, varianceOfMean: mc.variance / mc.n },
      { mean: mt.mean, varianceOfMean: mt.variance / mt.n },
      alpha,
    );
    let cupedResult: ArmComparison["cuped"] = null;
    if (adjusted) {
      const w = welchTest(
        moments(pick(adjusted.values, units[control])),
        moments(pick(adjusted.values, units[a])),
        alpha,
      );
      cupedResult = {
        difference: w.difference,
        interval: w.interval,
        p: w.p,
        theta: adjusted.theta,
        correlation: adjusted.correlation,
      };
    }
    out.push({
      arm,
      test: binary ? "two-proportion" : "welch",
      difference: plain.difference,
      interval: plain.interval,
      p: plain.p,
      pHolm: plain.p,
      relative: rel.relative,
      relativeInterval: rel.interval,
      cuped: cupedResult,
    });
  });
  return withHolm(out);
}

/** A ratio metric (sum of y over sum of x per arm) by the delta method, each treatment arm against control. */
export function compareRatio(
  arms: readonly string[],
  control: number,
  units: ArmUnits,
  y: Float64Array,
  x: Float64Array,
  alpha: number,
): ArmComparison[] {
  const rc = deltaRatio(pick(y, units[control]), pick(x, units[control]));
  const q = normalQuantile(1 - alpha / 2);
  const out: ArmComparison[] = [];
  arms.forEach((arm, a) => {
    if (a === control) return;
    const rt = deltaRatio(pick(y, units[a]), pick(x, units[a]));
    const difference = rt.ratio - rc.ratio;
    const se = Math.sqrt(rt.variance + rc.variance);
    const rel = relativeDifference(
      { mean: rc.ratio, varianceOfMean: rc.variance },
      { mean: rt.ratio, varianceOfMean: rt.variance },
      alpha,
    );
    const p = se > 0 ? twoSidedP(difference / se) : NaN;
    out.push({
      arm,
      test: "delta",
      difference,
      interval: [difference - q * se, difference + q * se],
      p,
      pHolm: p,
      relative: rel.relative,
      relativeInterval: rel.interval,
      cuped: null,
    });
  });
  return withHolm(out);
}

function withHolm(out: ArmComparison[]): ArmComparison[] {
  const adjusted = holm(out.map((c) => (Number.isNaN(c.p) ? 1 : c.p)));
  return out.map((c, i) => ({ ...c, pHolm: Number.isNaN(c.p) ? NaN : adjusted[i] }));
}

function cupedAdjusted(units: ArmUnits, y: Float64Array, pre: Float64Array) {
  const all = Int32Array.from(units.flatMap((u) => Array.from(u)));
  const r = cuped(pick(y, all), pick(pre, all));
  const values = new Float64Array(y.length);
  all.forEach((x, i) => (values[x] = r.adjusted[i]));
  return { values, theta: r.theta, correlation: r.correlation };
}

function sum(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}
