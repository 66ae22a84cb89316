import type { EventTable } from "../data/event-table.js";

/** Each item's priced events in time order (a CSR over item codes), and the prices skipped on the way. */
export interface PricedRows {
  /** rows[indptr[i] .. indptr[i + 1]) are item i's priced rows, by time, then row. */
  indptr: Int32Array;
  rows: Int32Array;
  /** Events with a price > 0 (the observations). */
  priced: number;
  /** Events without a price (NaN) and with a price <= 0: skipped, not observations. */
  missing: number;
  nonPositive: number;
}

/**
 * Groups the priced events (price > 0) of `t` by item, each item's in time order (ties by row). Events of every type
 * count; missing and non-positive prices are skipped and counted. A counting sort by item keeps the table's order
 * (user, then time), so each item's run is then sorted by time only where it is not sorted already.
 */
export function pricedRows(t: EventTable): PricedRows {
  const n = t.dicts.item.size;
  const indptr = new Int32Array(n + 1);
  let missing = 0;
  let nonPositive = 0;
  for (let r = 0; r < t.length; r++) {
    const p = t.price[r];
    if (p > 0) indptr[t.item[r] + 1]++;
    else if (Number.isNaN(p)) missing++;
    else nonPositive++;
  }
  for (let i = 0; i < n; i++) indptr[i + 1] += indptr[i];
  const priced = indptr[n];
  const rows = new Int32Array(priced);
  const next = indptr.slice(0, n);
  for (let r = 0; r < t.length; r++) if (t.price[r] > 0) rows[next[t.item[r]]++] = r;
  const ts = t.ts;
  for (let i = 0; i < n; i++) {
    const run = rows.subarray(indptr[i], indptr[i + 1]);
    let sorted = true;
    for (let x = 1; x < run.length && sorted; x++) sorted = ts[run[x - 1]] <= ts[run[x]];
    if (!sorted) run.sort((a, b) => ts[a] - ts[b] || a - b);
  }
  return { indptr, rows, priced, missing, nonPositive };
}
