/** Recall@k: the share of the targets found in the top k. */
export function recall(ranks: Int32Array, found: number, targets: number, k: number): number {
  return targets > 0 ? hitsWithin(ranks, found, k) / targets : 0;
}

/** How many of the ascending ranks are at most k. */
export function hitsWithin(ranks: Int32Array, found: number, k: number): number {
  let n = 0;
  while (n < found && ranks[n] <= k) n++;
  return n;
}
