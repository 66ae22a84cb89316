import type { EventTable } from "../data/event-table.js";

/** Every event of each item in time order: rows[indptr[i] .. indptr[i + 1]) are item i's rows, by time, then row. */
export interface ItemRows {
  indptr: Int32Array;
  rows: Int32Array;
}

/**
 * Groups the rows of `t` by item, each item's in time order (ties by row): a counting sort by item keeps the table's
 * order (user, then time), and each item's run is sorted by time only where it is not sorted already.
 */
export function itemRows(t: EventTable, keep: (row: number) => boolean = () => true): ItemRows {
  const n = t.dicts.item.size;
  const indptr = new Int32Array(n + 1);
  for (let r = 0; r < t.length; r++) if (t.item[r] >= 0 && keep(r)) indptr[t.item[r] + 1]++;
  for (let i = 0; i < n; i++) indptr[i + 1] += indptr[i];
  const rows = new Int32Array(indptr[n]);
  const next = indptr.slice(0, n);
  for (let r = 0; r < t.length; r++) if (t.item[r] >= 0 && keep(r)) rows[next[t.item[r]]++] = r;
  const ts = t.ts;
  for (let i = 0; i < n; i++) {
    const run = rows.subarray(indptr[i], indptr[i + 1]);
    let sorted = true;
    for (let x = 1; x < run.length && sorted; x++) sorted = ts[run[x - 1]] <= ts[run[x]];
    if (!sorted) run.sort((a, b) => ts[a] - ts[b] || a - b);
  }
  return { indptr, rows };
}

/** The first position in item i's run whose time is at or after `ts` (binary search). */
export function firstAtOrAfter(t: EventTable, g: ItemRows, item: number, ts: number): number {
  let lo = g.indptr[item];
  let hi = g.indptr[item + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.ts[g.rows[mid]] < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
