import { correctedSeries, tuneShrinkage, type MatchedItems } from "./matched-items.js";

/**
 * DRos, doubly robust with optimistic shrinkage (Su et al. 2020, eq. 10): each importance weight w becomes
 * lambda x w / (w^2 + lambda), which is w for lambda -> infinity (DR) and 0 for lambda = 0 (the reward model alone);
 * it minimises a bound on the mean squared error that assumes the model's error no larger than the residual's.
 */
export function drosWeight(lambda: number): (w: number) => number {
  if (lambda === Infinity) return (w) => w;
  return (w) => (lambda * w) / (w * w + lambda);
}

/** The shrinkage levels tried: lambda from 0 (the reward model) over a geometric grid to infinity (DR). */
export function drosCandidates(matched: MatchedItems): number[] {
  let top = 1;
  for (const w of matched.weight) top = Math.max(top, w * w);
  const out = [0];
  // from a hundredth of the smallest possible w^2 (1) to 100 times the largest: the range where shrinkage changes
  // Stryker disable next-line EqualityOperator: < differs only when some 0.01 x 2^i equals 100 w^2 to the last bit
  for (let l = 0.01; l <= top * 100; l *= 2) out.push(l);
  out.push(Infinity);
  return out;
}

/** Per view: DRos at the tuned lambda, and lambda. */
export function dros(dm: Float64Array, matched: MatchedItems): { lambda: number; series: Float64Array } {
  if (matched.view.length === 0) return { lambda: Infinity, series: correctedSeries(dm, matched, () => 0) };
  const { parameter, series } = tuneShrinkage(dm, matched, drosCandidates(matched), drosWeight);
  return { lambda: parameter, series };
}
