/**
 * The logged items a new policy would also show, flattened over the views: what the doubly robust family of
 * estimators corrects the reward model with. Entry x belongs to view `view[x]`, has importance weight `weight[x]`
 * (1 / the logging policy's propensity) and residual `residual[x]` (logged reward minus the reward model's).
 */
export interface MatchedItems {
  view: Int32Array;
  weight: Float64Array;
  residual: Float64Array;
}

/**
 * Per view: the reward model's value of the new slate plus, over its matched logged items, a weight g(w) times the
 * residual. g(w) = w is DR; the shrinkage estimators (Switch-DR, DRos) use a g(w) <= w.
 */
export function correctedSeries(dm: Float64Array, matched: MatchedItems, g: (w: number) => number): Float64Array {
  const out = Float64Array.from(dm);
  // Stryker disable next-line EqualityOperator: x <= length writes to out[undefined], a property no reader sees
  for (let x = 0; x < matched.view.length; x++) out[matched.view[x]] += g(matched.weight[x]) * matched.residual[x];
  return out;
}

/**
 * The shrinkage estimators' tuning (Su et al. 2020, section 4): among the candidate parameters, the one with the least
 * estimated mean squared error, variance(series) / n plus the squared estimated bias, where the bias is the mean of
 * (g(w) - w) x residual: the estimator minus DR, which is unbiased inside the logging support.
 */
export function tuneShrinkage(
  dm: Float64Array,
  matched: MatchedItems,
  candidates: readonly number[],
  g: (parameter: number) => (w: number) => number,
): { parameter: number; series: Float64Array } {
  let best: { parameter: number; series: Float64Array; mse: number } | undefined;
  const n = dm.length;
  for (const parameter of candidates) {
    const shrink = g(parameter);
    const series = correctedSeries(dm, matched, shrink);
    let bias = 0;
    for (let x = 0; x < matched.view.length; x++)
      // Stryker disable next-line AssignmentOperator: the bias enters squared, so its sign is immaterial
      bias += (shrink(matched.weight[x]) - matched.weight[x]) * matched.residual[x];
    // Stryker disable next-line ConditionalExpression,EqualityOperator: n = 0 has no views, so no matched items either
    bias = n > 0 ? bias / n : 0;
    const mse = (n > 1 ? variance(series) / n : 0) + bias * bias;
    if (!best || mse < best.mse) best = { parameter, series, mse };
  }
  return { parameter: best!.parameter, series: best!.series };
}

function variance(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  const m = s / a.length;
  let ss = 0;
  // Stryker disable next-line ArithmeticOperator: sum (v + m)(v - m) = sum v^2 - n m^2 is the same sum of squares
  for (const v of a) ss += (v - m) * (v - m);
  return ss / (a.length - 1);
}
