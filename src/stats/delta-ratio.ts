/** A ratio of sums per unit (e.g. revenue / orders over users) with its delta-method variance. */
export interface RatioEstimate {
  /** sum(y) / sum(x) */
  ratio: number;
  /** Var(ratio) ~ (s_y^2 - 2 R s_xy + R^2 s_x^2) / (n mean(x)^2) */
  variance: number;
  n: number;
}

/**
 * A ratio metric whose numerator and denominator are both per-user sums (the randomisation unit is the user, the
 * analysis unit is not), by the delta method (Deng, Knoblich & Lu, KDD 2018, section 3).
 */
export function deltaRatio(y: ArrayLike<number>, x: ArrayLike<number>): RatioEstimate {
  const n = y.length;
  if (x.length !== n) throw new RangeError("deltaRatio(y, x) needs equal lengths");
  let sy = 0;
  let sx = 0;
  for (let i = 0; i < n; i++) {
    sy += y[i];
    sx += x[i];
  }
  const my = sy / n;
  const mx = sx / n;
  const ratio = sy / sx;
  let vyy = 0;
  let vxx = 0;
  let vxy = 0;
  for (let i = 0; i < n; i++) {
    vyy += (y[i] - my) ** 2;
    vxx += (x[i] - mx) ** 2;
    vxy += (y[i] - my) * (x[i] - mx);
  }
  const d = Math.max(1, n - 1);
  const variance = (vyy / d - 2 * ratio * (vxy / d) + ratio ** 2 * (vxx / d)) / (n * mx ** 2);
  return { ratio, variance, n };
}
