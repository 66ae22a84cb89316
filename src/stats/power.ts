import { normalCdf, normalQuantile } from "./normal.js";

/**
 * The power of a two-sided level-alpha z test to detect a true difference `delta` whose estimate has standard error
 * `standardError`: Phi(|delta| / se - z_{1-alpha/2}) (the far tail, below 1e-3 at the sizes that matter, ignored).
 */
export function power(delta: number, standardError: number, alpha = 0.05): number {
  if (!(standardError > 0)) return NaN;
  return normalCdf(Math.abs(delta) / standardError - normalQuantile(1 - alpha / 2));
}
