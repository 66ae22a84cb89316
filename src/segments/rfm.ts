import { ABSENT, type RfmGroup, RFM_GROUPS } from "./segment-names.js";
import type { SegmentSnapshot } from "./snapshot.js";

/**
 * Quintile score 1-5 of each value among `values`: 1 + floor(5 x (share of values strictly below it)). Ties share a
 * score, so a value held by most buyers (one order) scores 1 and the best distinct value scores 5 once n >= 5.
 */
export function quintileScores(values: Float64Array): Uint8Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const out = new Uint8Array(n);
  // Stryker disable next-line EqualityOperator: a typed array ignores the write one past its end
  for (let x = 0; x < n; x++) out[x] = 1 + Math.floor((5 * lowerBound(sorted, values[x])) / n);
  return out;
}

function lowerBound(sorted: Float64Array, v: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The group of an (R, FM) cell, FM being the mean of F and M rounded half up. Rows are R = 5 down to R = 1, columns
 * FM = 1 to 5 (the table in docs/segments.md).
 */
const GRID: RfmGroup[][] = [
  ["new", "potential-loyalist", "potential-loyalist", "champions", "champions"],
  ["promising", "potential-loyalist", "potential-loyalist", "loyal", "champions"],
  ["about-to-sleep", "about-to-sleep", "need-attention", "loyal", "loyal"],
  ["hibernating", "hibernating", "at-risk", "at-risk", "cannot-lose"],
  ["lost", "lost", "at-risk", "cannot-lose", "cannot-lose"],
];

export function rfmGroup(r: number, f: number, m: number): RfmGroup {
  const fm = Math.floor((f + m + 1) / 2);
  return GRID[5 - r][fm - 1];
}

/** Scores every buyer of the snapshot (recency from the last order, frequency from orders, monetary from value). */
export function scoreRfm(s: SegmentSnapshot): void {
  const buyers: number[] = [];
  // Stryker disable next-line EqualityOperator: one past the end reads undefined orders, which are not > 0
  for (let u = 0; u < s.orders.length; u++) if (s.lifecycle[u] !== ABSENT && s.orders[u] > 0) buyers.push(u);
  const n = buyers.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  buyers.forEach((u, x) => {
    recency[x] = s.lastOrder[u]; // later is better
    frequency[x] = s.orders[u];
    monetary[x] = s.value[u];
  });
  const [r, f, m] = [quintileScores(recency), quintileScores(frequency), quintileScores(monetary)];
  buyers.forEach((u, x) => {
    s.rfm[3 * u] = r[x];
    s.rfm[3 * u + 1] = f[x];
    s.rfm[3 * u + 2] = m[x];
    s.rfmGroup[u] = RFM_GROUPS.indexOf(rfmGroup(r[x], f[x], m[x]));
  });
}
