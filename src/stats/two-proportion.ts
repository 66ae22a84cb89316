import { normalQuantile, twoSidedP } from "./normal.js";
import type { DifferenceTest } from "./welch.js";

/**
 * The two-proportion z test of treatment - control: the p-value from the pooled standard error (the test of equal
 * rates), the (1 - alpha) Wald interval from the unpooled one (Agresti & Caffo's textbook pairing).
 */
export function twoProportionTest(
  control: { successes: number; n: number },
  treatment: { successes: number; n: number },
  alpha = 0.05,
): DifferenceTest {
  const pc = control.successes / control.n;
  const pt = treatment.successes / treatment.n;
  const pooled = (control.successes + treatment.successes) / (control.n + treatment.n);
  const sePooled = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / treatment.n));
  const se = Math.sqrt((pc * (1 - pc)) / control.n + (pt * (1 - pt)) / treatment.n);
  const difference = pt - pc;
  const z = sePooled > 0 ? difference / sePooled : NaN;
  const q = normalQuantile(1 - alpha / 2);
  return {
    difference,
    standardError: se,
    interval: [difference - q * se, difference + q * se],
    p: twoSidedP(z),
    statistic: z,
    df: Infinity,
  };
}
