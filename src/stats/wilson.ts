import { normalQuantile } from "./normal.js";

/**
 * Wilson's score interval for a proportion of `successes` in `n` trials (Wilson 1927), at `level`. Both may be
 * fractional (an effective sample size: successes and n divided by a design effect). [0, 1] when n is 0. At 0 (or n)
 * successes the bound at 0 (or 1) is exact, and the other keeps its width: 0 of 10 gives [0, 0.2775].
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
