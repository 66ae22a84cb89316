import { upperIncompleteGamma } from "./special-functions.js";

/** P(X >= x) for a chi-square variable with `df` degrees of freedom: Q(df/2, x/2). */
export function chiSquareSf(x: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`chiSquareSf(x, df) needs df > 0, got ${df}`);
  if (!(x > 0)) return 1;
  return upperIncompleteGamma(df / 2, x / 2);
}
