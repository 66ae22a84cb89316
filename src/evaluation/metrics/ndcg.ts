/**
 * NDCG@k with binary relevance: DCG = sum over targets in the top k of 1 / log2(rank + 1), divided by
 * the DCG of an ideal list (all min(targets, k) targets first). Jarvelin & Kekalainen (2002).
 */
export function ndcg(ranks: Int32Array, found: number, targets: number, k: number): number {
  let dcg = 0;
  for (let j = 0; j < found && ranks[j] <= k; j++) dcg += 1 / Math.log2(ranks[j] + 1);
  if (dcg === 0) return 0;
  let ideal = 0;
  for (let r = 1; r <= Math.min(targets, k); r++) ideal += 1 / Math.log2(r + 1);
  return dcg / ideal;
}
