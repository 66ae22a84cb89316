import { newcombeInterval } from "./newcombe-interval.js";
import { twoSidedP } from "./normal.js";
import type { DifferenceTest } from "./welch.js";

/**
 * The two-proportion comparison of treatment - control: the p-value of the z test with the pooled standard error
 * (the score test of equal rates), and the (1 - alpha) interval by Newcombe's hybrid score method (method 10 of
 * Newcombe 1998; src/stats/newcombe-interval.ts). The Wald interval (difference +- z times the unpooled standard
 * error) is too narrow with a few successes per arm, and has no width at 0 successes in both arms.
 * `standardError` is the unpooled one, for reference: the interval is not symmetric around the difference.
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
  const { low, high } = newcombeInterval(treatment, control, 1 - alpha);
  return {
    difference,
    standardError: se,
    interval: [low, high],
    p: twoSidedP(z),
    statistic: z,
    df: Infinity,
  };
}
