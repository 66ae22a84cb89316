/**
 * AP@k (its mean over cases is MAP@k): the sum over targets in the top k of precision at their rank,
 * divided by min(targets, k), so that a list holding every target it can hold first scores 1.
 */
export function averagePrecision(ranks: Int32Array, found: number, targets: number, k: number): number {
  let sum = 0;
  for (let j = 0; j < found && ranks[j] <= k; j++) sum += (j + 1) / ranks[j];
  return targets > 0 ? sum / Math.min(targets, k) : 0;
}
