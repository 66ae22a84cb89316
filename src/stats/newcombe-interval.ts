import { wilsonInterval } from "./wilson.js";

export interface ProportionCount {
  successes: number;
  n: number;
}

/**
 * Newcombe's hybrid score interval for the difference of two independent proportions, a - b (Newcombe 1998,
 * "Interval estimation for the difference between independent proportions: comparison of eleven methods",
 * Statistics in Medicine 17:873-890, method 10): each proportion's Wilson interval, combined by the square-root
 * rule (a MOVER interval: the distance from each estimate to its own Wilson bound stands in for its standard error
 * on that side). Unlike the Wald interval it keeps its width at 0 or n successes, stays inside [-1, 1], and holds
 * close to its level with a handful of successes per arm. Successes and n may be fractional (effective counts).
 * NaN bounds when an arm has no trials.
 */
export function newcombeInterval(
  a: ProportionCount,
  b: ProportionCount,
  level = 0.95,
): { difference: number; low: number; high: number } {
  const pa = a.n > 0 ? a.successes / a.n : NaN;
  const pb = b.n > 0 ? b.successes / b.n : NaN;
  const [la, ua] = wilsonInterval(a.successes, a.n, level);
  const [lb, ub] = wilsonInterval(b.successes, b.n, level);
  const difference = pa - pb;
  return {
    difference,
    low: difference - Math.sqrt((pa - la) ** 2 + (ub - pb) ** 2),
    high: difference + Math.sqrt((ua - pa) ** 2 + (pb - lb) ** 2),
  };
}
