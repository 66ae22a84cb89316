/**
 * Holm's step-down adjustment (Holm 1979, "A simple sequentially rejective multiple test procedure"): sort the m
 * p-values ascending, multiply the i-th smallest (from 0) by m - i, keep them non-decreasing, cap at 1. Rejecting the
 * adjusted p-values below alpha controls the family-wise error rate at alpha. Returned in the input order.
 */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
