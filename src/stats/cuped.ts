export interface Cuped {
  /** theta = cov(y, x) / var(x), pooled over all units */
  theta: number;
  /** The Pearson correlation of y and x: the variance of the mean shrinks by a factor 1 - correlation^2. */
  correlation: number;
  /** y - theta (x - mean(x)), per unit */
  adjusted: Float64Array;
}

/**
 * CUPED (Deng, Xu, Kohavi & Walker, "Improving the sensitivity of online controlled experiments by utilizing
 * pre-experiment data", WSDM 2013): y' = y - theta (x - mean x) with theta = cov(y, x) / var(x) estimated on all units
 * of all arms together (x is a pre-period value, so it cannot depend on the arm). Same mean per arm in expectation,
 * variance reduced by the factor 1 - rho^2. A constant x (no pre-period signal) gives theta 0.
 */
export function cuped(y: ArrayLike<number>, x: ArrayLike<number>): Cuped {
  const n = y.length;
  if (x.length !== n) throw new RangeError("cuped(y, x) needs equal lengths");
  let my = 0;
  let mx = 0;
  for (let i = 0; i < n; i++) {
    my += y[i];
    mx += x[i];
  }
  my /= n;
  mx /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (y[i] - my) * (x[i] - mx);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  const theta = sxx > 0 ? sxy / sxx : 0;
  const correlation = sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
  const adjusted = new Float64Array(n);
  for (let i = 0; i < n; i++) adjusted[i] = y[i] - theta * (x[i] - mx);
  return { theta, correlation, adjusted };
}
