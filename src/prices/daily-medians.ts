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
  const { indptr, ts, price } = priced;
  const first = onlyItem >= 0 ? onlyItem : 0;
  const last = onlyItem >= 0 ? onlyItem + 1 : indptr.length - 1;
  const cap = indptr[last] - indptr[first];
  const item = new Int32Array(cap);
  const day = new Float64Array(cap);
  const median = new Float64Array(cap);
  const events = new Int32Array(cap);
  let buf = new Float64Array(64);
  let n = 0;
  for (let i = first; i < last; i++) {
    let x = indptr[i];
    while (x < indptr[i + 1]) {
      const d = Math.floor(ts[x] / DAY_MS);
      const dayEnd = (d + 1) * DAY_MS;
      let k = 0;
      for (; x < indptr[i + 1] && ts[x] < dayEnd; x++) {
        if (k === buf.length) {
          const grown = new Float64Array(2 * k);
          grown.set(buf);
          buf = grown;
        }
        buf[k++] = price[x];
      }
      const day1 = buf.subarray(0, k);
      if (k > 1) day1.sort();
      const h = k >> 1;
      item[n] = i;
      day[n] = d * DAY_MS;
      median[n] = k % 2 ? day1[h] : (day1[h - 1] + day1[h]) / 2;
      events[n++] = k;
    }
  }
  return {
    length: n,
    item: item.slice(0, n),
    day: day.slice(0, n),
    median: median.slice(0, n),
    events: events.slice(0, n),
  };
}
