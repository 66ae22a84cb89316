import { normalQuantile, twoSidedP } from "./normal.js";

export interface RelativeDifference {
  /** treatment / control - 1 */
  relative: number;
  standardError: number;
  interval: [number, number];
  p: number;
}

/**
 * The relative difference of two independent means by the delta method (Deng, Knoblich & Lu, "Applying the delta
 * method in metric analytics", KDD 2018): Var(mt / mc) ~ Var(mt) / mc^2 + mt^2 Var(mc) / mc^4, where Var(m) is the
 * variance of each mean (variance / n). The interval is the normal one at 1 - alpha.
 */
export function relativeDifference(
  control: { mean: number; varianceOfMean: number },
  treatment: { mean: number; varianceOfMean: number },
  alpha = 0.05,
): RelativeDifference {
  const mc = control.mean;
  const mt = treatment.mean;
  const relative = mt / mc - 1;
  const se = Math.sqrt(treatment.varianceOfMean / mc ** 2 + (mt ** 2 * control.varianceOfMean) / mc ** 4);
  const q = normalQuantile(1 - alpha / 2);
  if (!(mc !== 0 && se > 0))
    return { relative: mc !== 0 ? relative : NaN, standardError: NaN, interval: [NaN, NaN], p: NaN };
  return { relative, standardError: se, interval: [relative - q * se, relative + q * se], p: twoSidedP(relative / se) };
}
