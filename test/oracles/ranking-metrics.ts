/**
 * The six ranking metrics computed the slow, obvious way from the list itself (docs/metrics.md), independent of
 * relevantRanks and of the per-metric files: walk the first k positions, skip padding and repeats, and apply each
 * textbook formula directly.
 */
export function bruteForceMetrics(list: readonly number[], targets: readonly number[], k: number) {
  const wanted = new Set(targets);
  const seen = new Set<number>();
  const hitAt: boolean[] = []; // hitAt[r] for rank r + 1
  for (let r = 0; r < k; r++) {
    const item = r < list.length ? list[r] : -1;
    const hit = item >= 0 && wanted.has(item) && !seen.has(item);
    if (item >= 0) seen.add(item);
    hitAt.push(hit);
  }
  const hits = hitAt.filter(Boolean).length;
  const first = hitAt.indexOf(true);
  let dcg = 0;
  let ap = 0;
  let sofar = 0;
  for (let r = 0; r < k; r++) {
    if (!hitAt[r]) continue;
    dcg += 1 / Math.log2(r + 2);
    sofar++;
    ap += sofar / (r + 1);
  }
  let idcg = 0;
  for (let r = 0; r < Math.min(wanted.size, k); r++) idcg += 1 / Math.log2(r + 2);
  return {
    HR: hits > 0 ? 1 : 0,
    Recall: wanted.size > 0 ? hits / wanted.size : 0,
    Precision: hits / k,
    MRR: first >= 0 ? 1 / (first + 1) : 0,
    NDCG: idcg > 0 ? dcg / idcg : 0,
    MAP: wanted.size > 0 ? ap / Math.min(wanted.size, k) : 0,
  } as Record<string, number>;
}
