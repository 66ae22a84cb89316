/** HR@k: 1 when any target is in the top k. `ranks` are the relevant items' 1-based ranks, ascending. */
export function hitRate(ranks: Int32Array, found: number, _targets: number, k: number): number {
  return found > 0 && ranks[0] <= k ? 1 : 0;
}
