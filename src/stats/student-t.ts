import { incompleteBeta } from "./special-functions.js";
import { normalQuantile, twoSidedP } from "./normal.js";

/** Two-sided p-value of a t statistic with `df` degrees of freedom: P(|T| >= |t|) = I_{df/(df+t^2)}(df/2, 1/2). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(df)) return twoSidedP(t);
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** The t with P(T <= t) = p for `df` degrees of freedom (bisection on the two-sided p, from the normal guess). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile(p, df) needs p in (0, 1), got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile(p, df) needs df > 0, got ${df}`);
  if (p === 0.5) return 0;
  const upper = p > 0.5;
  const tail = 2 * (upper ? 1 - p : p); // the two-sided p of the |t| sought
  let lo = 0;
  // Stryker disable next-line MethodExpression,ArithmeticOperator: only the first bracket; the doubling below fixes it
  let hi = Math.max(2 * Math.abs(normalQuantile(p)), 1);
  // Stryker disable next-line EqualityOperator: equality of a continuous p-value with the tail has measure zero
  while (studentTTwoSidedP(hi, df) > tail) hi *= 2;
  // Stryker disable next-line all: the cap and tolerance only decide how far below 1e-12 the bracket shrinks
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    // Stryker disable next-line EqualityOperator: as above
    if (studentTTwoSidedP(mid, df) > tail) lo = mid;
    else hi = mid;
  }
  const t = (lo + hi) / 2;
  return upper ? t : -t;
}
