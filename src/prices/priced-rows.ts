import type { EventTable } from "../data/event-table.js";
import { itemRows } from "./item-rows.js";

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
  let missing = 0;
  let nonPositive = 0;
  for (let r = 0; r < t.length; r++) {
    const p = t.price[r];
    if (Number.isNaN(p)) missing++;
    else if (!(p > 0)) nonPositive++;
  }
  const { indptr, rows } = itemRows(t, (r) => t.price[r] > 0);
  const priced = rows.length;
  return { indptr, rows, priced, missing, nonPositive };
}
