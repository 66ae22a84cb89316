/** MRR@k (reciprocal rank): 1 / rank of the first target in the top k, 0 when none is. */
export function reciprocalRank(ranks: Int32Array, found: number, _targets: number, k: number): number {
  return found > 0 && ranks[0] <= k ? 1 / ranks[0] : 0;
}
