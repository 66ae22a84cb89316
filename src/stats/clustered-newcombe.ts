import { normalQuantile } from "./normal.js";

/**
 * Wilson's score interval for a proportion of `successes` in `n` trials (Wilson 1927), at `level`. Both may be
 * fractional (an effective sample size: successes and n divided by a design effect). [0, 1] when n is 0.
 */
export function wilsonInterval(successes: number, n: number, level = 0.95): [number, number] {
  if (!(n > 0)) return [0, 1];
  const z = normalQuantile(1 - (1 - level) / 2);
  const z2 = z * z;
  const p = Math.min(1, Math.max(0, successes / n));
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  return [p === 0 ? 0 : Math.max(0, centre - half), p === 1 ? 1 : Math.min(1, centre + half)];
}

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
    const p = n > 0 ? s / n : NaN;
    const [low, high] = wilsonInterval(s / deff, n / deff, level);
    return { p, low, high, deff, effectiveN: n / deff };
  };
  const ta = arm(a);
  const tb = arm(b);
  const difference = ta.p - tb.p;
  return {
    difference,
    low: difference - Math.sqrt((ta.p - ta.low) ** 2 + (tb.high - tb.p) ** 2),
    high: difference + Math.sqrt((ta.high - ta.p) ** 2 + (tb.p - tb.low) ** 2),
    designEffects: [ta.deff, tb.deff],
    effectiveN: [ta.effectiveN, tb.effectiveN],
  };
}
