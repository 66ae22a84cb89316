import type { EventTable } from "../data/event-table.js";
import type { DailyPrices } from "./daily-medians.js";
import { DAY_MS } from "./drop-rules.js";
import type { Drops } from "./detect-drops.js";
import type { PricedRows } from "./priced-rows.js";

const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday: weeks start on Mondays, 3 days later. */
const MONDAY = 4 * DAY_MS;

/** The counts `cartlift prices` and `inspect` report about a log's prices. */
export interface PriceSummary {
  /** Items with at least one priced event. */
  items: number;
  /** Items whose daily median price differs between two days. */
  itemsWithChangedPrice: number;
  /** Items with too few priced events to judge a drop (no more than --min-observations). */
  itemsTooFewPriced: number;
  drops: number;
  itemsWithDrops: number;
  /** Drops per week over the data's span in weeks, and per calendar week (Monday, UTC). */
  dropsPerWeek: number;
  weeks: { week: string; drops: number }[];
}

export function priceSummary(
  t: EventTable,
  priced: PricedRows,
  daily: DailyPrices,
  drops: Drops,
  minObservations: number,
): PriceSummary {
  let items = 0;
  let tooFew = 0;
  for (let i = 0; i + 1 < priced.indptr.length; i++) {
    const n = priced.indptr[i + 1] - priced.indptr[i];
    if (n > 0) items++;
    if (n > 0 && n <= minObservations) tooFew++;
  }
  let changed = 0;
  for (let x = 1; x < daily.length; x++) {
    if (daily.item[x] !== daily.item[x - 1] || daily.median[x] === daily.median[x - 1]) continue;
    changed++;
    while (x + 1 < daily.length && daily.item[x + 1] === daily.item[x]) x++;
  }
  const withDrops = new Set(drops.item).size;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < t.length; r++) {
    if (t.ts[r] < lo) lo = t.ts[r];
    if (t.ts[r] > hi) hi = t.ts[r];
  }
  const byWeek = new Map<number, number>();
  if (t.length > 0) for (let w = weekOf(lo); w <= weekOf(hi); w += WEEK_MS) byWeek.set(w, 0);
  for (let d = 0; d < drops.length; d++) byWeek.set(weekOf(drops.at[d]), byWeek.get(weekOf(drops.at[d]))! + 1);
  const spanWeeks = t.length > 0 ? Math.max(hi - lo, DAY_MS) / WEEK_MS : 0;
  return {
    items,
    itemsWithChangedPrice: changed,
    itemsTooFewPriced: tooFew,
    drops: drops.length,
    itemsWithDrops: withDrops,
    dropsPerWeek: spanWeeks > 0 ? Math.round((drops.length / spanWeeks) * 1000) / 1000 : 0,
    weeks: [...byWeek.entries()].map(([w, n]) => ({ week: new Date(w).toISOString().slice(0, 10), drops: n })),
  };
}

/** The start (Monday 00:00 UTC) of the week holding `ts`. */
export function weekOf(ts: number): number {
  return Math.floor((ts - MONDAY) / WEEK_MS) * WEEK_MS + MONDAY;
}
