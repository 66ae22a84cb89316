import { normalQuantile } from "./normal.js";

/**
 * The minimum detectable absolute difference with n users per arm (the sample-size formula solved for delta):
 * (z_{1-alpha/2} + z_{power}) sqrt(2 variance / n).
 */
export function detectableEffect(n: number, variance: number, alpha = 0.05, power = 0.8): number {
  if (!(n > 0)) return Infinity;
  return (normalQuantile(1 - alpha / 2) + normalQuantile(power)) * Math.sqrt((2 * variance) / n);
}
