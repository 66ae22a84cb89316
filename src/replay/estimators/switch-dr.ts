import { correctedSeries, tuneShrinkage, type MatchedItems } from "./matched-items.js";

/**
 * Switch-DR (Wang et al. 2017; the Switch variant of Su et al. 2020): the doubly robust correction is kept on the
 * matched items whose importance weight is at most tau and dropped above it, where the reward model alone answers.
 * Items outside the logging support (no weight at all) are the reward model's in every variant.
 */
export function switchWeight(tau: number): (w: number) => number {
  return (w) => (w <= tau ? w : 0);
}

/** The thresholds tried: the matched weights' own values (each a distinct switch), plus "never switch". */
export function switchCandidates(matched: MatchedItems): number[] {
  const distinct = [...new Set(matched.weight)].sort((a, b) => a - b);
  // at most 40 thresholds, spread over the sorted weights, so that tuning stays linear in the log
  const step = Math.max(1, Math.ceil(distinct.length / 40));
  const out = distinct.filter((_, x) => x % step === 0);
  if (distinct.length) out.push(distinct[distinct.length - 1]);
  return [0, ...out, Infinity];
}

/** Per view: Switch-DR at the tuned threshold, and the threshold. */
export function switchDr(dm: Float64Array, matched: MatchedItems): { tau: number; series: Float64Array } {
  if (matched.view.length === 0) return { tau: Infinity, series: correctedSeries(dm, matched, () => 0) };
  const { parameter, series } = tuneShrinkage(dm, matched, switchCandidates(matched), switchWeight);
  return { tau: parameter, series };
}
