import type { EventTable } from "../data/event-table.js";
import { dailyMedians } from "./daily-medians.js";
import { detectDrops } from "./detect-drops.js";
import { DROP_DEFAULTS } from "./drop-rules.js";
import { priceSummary } from "./price-summary.js";
import { pricedRows } from "./priced-rows.js";

/** The prices section of `cartlift inspect`: items with a price, with a changed daily price, and drops per week. */
export interface PriceProfile {
  pricedEvents: number;
  skipped: { missing: number; nonPositive: number };
  itemsWithPrice: number;
  itemsWithChangedPrice: number;
  /** Drops with the default rules (docs/prices.md; cartlift prices takes others). */
  drops: number;
  itemsWithDrops: number;
  dropsPerWeek: number;
  weeks: { week: string; drops: number }[];
}

/** The profile's prices section, with the default drop rules. */
export function priceProfile(t: EventTable): PriceProfile {
  const priced = pricedRows(t);
  const drops = detectDrops(t, priced, DROP_DEFAULTS);
  const s = priceSummary(t, priced, dailyMedians(t, priced), drops, DROP_DEFAULTS.minObservations);
  return {
    pricedEvents: priced.priced,
    skipped: { missing: priced.missing, nonPositive: priced.nonPositive },
    itemsWithPrice: s.items,
    itemsWithChangedPrice: s.itemsWithChangedPrice,
    drops: s.drops,
    itemsWithDrops: s.itemsWithDrops,
    dropsPerWeek: s.dropsPerWeek,
    weeks: s.weeks,
  };
}
