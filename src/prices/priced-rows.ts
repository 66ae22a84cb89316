import type { EventTable } from "../data/event-table.js";
import { itemRows } from "./item-rows.js";

/** Each item's priced events in time order (a CSR over item codes), and the prices skipped on the way. */
export interface PricedRows {
  /** rows[indptr[i] .. indptr[i + 1]) are item i's priced rows, by time, then row. */
  indptr: Int32Array;
  rows: Int32Array;
  /** The time and the price of rows[x], in the same order (read in sequence by the history and the drops). */
  ts: Float64Array;
  price: Float64Array;
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
  const { indptr, rows, ts } = itemRows(t, (r) => t.price[r] > 0);
  const priced = rows.length;
  const price = new Float64Array(priced);
  for (let x = 0; x < priced; x++) price[x] = t.price[rows[x]];
  return { indptr, rows, ts, price, priced, missing, nonPositive };
}
