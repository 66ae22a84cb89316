import { newcombeInterval } from "./newcombe-interval.js";

/**
 * The design effect of the mean of `y` when the cases of one cluster are correlated: the cluster-robust
 * (sandwich) variance of the mean over the variance it would have with independent cases,
 * sum over clusters of (sum of y - mean)^2 / (n * var(y)). At least 1: clustering never narrows the interval
 * here. 1 when y does not vary.
 */
export function designEffect(y: ArrayLike<number>, clusterOf: ArrayLike<number>): number {
  const n = y.length;
  if (n === 0) return 1;
  let sum = 0;
  for (let c = 0; c < n; c++) sum += y[c];
  const mean = sum / n;
  let variance = 0;
  for (let c = 0; c < n; c++) variance += (y[c] - mean) ** 2;
  if (!(variance > 0)) return 1;
  const byCluster = new Map<number, number>();
  for (let c = 0; c < n; c++) byCluster.set(clusterOf[c], (byCluster.get(clusterOf[c]) ?? 0) + y[c] - mean);
  let clustered = 0;
  for (const s of byCluster.values()) clustered += s * s;
  return Math.max(1, clustered / variance);
}

export interface ProportionArm {
  /** 0/1 outcomes. */
  y: ArrayLike<number>;
  /** Clusterings of the cases (e.g. by user, by drop): the largest design effect among them is used. */
  clusterings: readonly ArrayLike<number>[];
}

export interface DifferenceInterval {
  difference: number;
  low: number;
  high: number;
  /** Each arm's design effect and effective sample size (n / design effect). */
  designEffects: [number, number];
  effectiveN: [number, number];
}

/**
 * Newcombe's hybrid score interval for the difference of two proportions, a - b (Newcombe 1998, method 10: the
 * MOVER combination of the two Wilson intervals), made for clustered cases by giving each proportion its
 * effective sample size, n over its design effect (the largest over its clusterings; Korn & Graubard's use of
 * the effective n in score intervals). Right for few binary outcomes, where a percentile bootstrap is too
 * narrow: a Wilson interval stays inside [0, 1] and keeps its width at 0 or n successes. It treats the arms as
 * independent, which for positively correlated pairs (matched on what drives the outcome) errs wide.
 */
export function clusteredNewcombe(a: ProportionArm, b: ProportionArm, level = 0.95): DifferenceInterval {
  const arm = (x: ProportionArm) => {
    const n = x.y.length;
    let s = 0;
    for (let c = 0; c < n; c++) s += x.y[c];
    const deff = Math.max(1, ...x.clusterings.map((k) => designEffect(x.y, k)));
    return { successes: s / deff, n: n / deff, deff };
  };
  const ta = arm(a);
  const tb = arm(b);
  const { difference, low, high } = newcombeInterval(ta, tb, level);
  return {
    difference,
    low,
    high,
    designEffects: [ta.deff, tb.deff],
    effectiveN: [ta.n, tb.n],
  };
}
