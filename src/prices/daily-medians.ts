import type { EventTable } from "../data/event-table.js";
import { DAY_MS } from "./drop-rules.js";
import type { PricedRows } from "./priced-rows.js";

/** Each item's price per UTC day: the median of that day's priced events, with their count. */
export interface DailyPrices {
  length: number;
  item: Int32Array;
  /** The day's start (epoch ms, UTC midnight). */
  day: Float64Array;
  median: Float64Array;
  events: Int32Array;
}

/**
 * The price history: per item and UTC day, the median of the prices of its priced events that day (a log may show
 * several prices in a day: tiers, currencies, bad rows; the median keeps the typical one). `onlyItem` keeps one item.
 */
export function dailyMedians(t: EventTable, priced: PricedRows, onlyItem = -1): DailyPrices {
  const item: number[] = [];
  const day: number[] = [];
  const median: number[] = [];
  const events: number[] = [];
  const { indptr, rows } = priced;
  const first = onlyItem >= 0 ? onlyItem : 0;
  const last = onlyItem >= 0 ? onlyItem + 1 : indptr.length - 1;
  const buf: number[] = [];
  for (let i = first; i < last; i++) {
    let x = indptr[i];
    while (x < indptr[i + 1]) {
      const d = Math.floor(t.ts[rows[x]] / DAY_MS);
      buf.length = 0;
      for (; x < indptr[i + 1] && Math.floor(t.ts[rows[x]] / DAY_MS) === d; x++) buf.push(t.price[rows[x]]);
      buf.sort((p, q) => p - q);
      const h = buf.length >> 1;
      item.push(i);
      day.push(d * DAY_MS);
      median.push(buf.length % 2 ? buf[h] : (buf[h - 1] + buf[h]) / 2);
      events.push(buf.length);
    }
  }
  return {
    length: item.length,
    item: Int32Array.from(item),
    day: Float64Array.from(day),
    median: Float64Array.from(median),
    events: Int32Array.from(events),
  };
}
