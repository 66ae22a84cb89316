import type { Moments } from "./moments.js";
import { studentTQuantile, studentTTwoSidedP } from "./student-t.js";

export interface DifferenceTest {
  /** treatment - control */
  difference: number;
  standardError: number;
  interval: [number, number];
  p: number;
  /** The statistic (t or z) and its degrees of freedom (Infinity for z). */
  statistic: number;
  df: number;
}

/**
 * Welch's unequal-variance t test of treatment - control (Welch 1947), with the Welch-Satterthwaite degrees of freedom
 * and a two-sided (1 - alpha) interval.
 */
export function welchTest(control: Moments, treatment: Moments, alpha = 0.05): DifferenceTest {
  const vc = control.variance / control.n;
  const vt = treatment.variance / treatment.n;
  const se = Math.sqrt(vc + vt);
  const difference = treatment.mean - control.mean;
  const df = (vc + vt) ** 2 / (vc ** 2 / (control.n - 1) + vt ** 2 / (treatment.n - 1));
  if (!(se > 0) || !(df > 0))
    return { difference, standardError: se, interval: [difference, difference], p: NaN, statistic: NaN, df };
  const t = difference / se;
  const q = studentTQuantile(1 - alpha / 2, df);
  return {
    difference,
    standardError: se,
    interval: [difference - q * se, difference + q * se],
    p: studentTTwoSidedP(t, df),
    statistic: t,
    df,
  };
}
