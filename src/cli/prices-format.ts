import type { PricesReport } from "../pipeline/prices.js";
import { int, pct, table } from "./format.js";

export function formatPrices(r: PricesReport): string {
  const out = [
    `Prices of ${r.data}: ${int(r.pricedEvents)} priced events of ${int(r.events)}; skipped ${int(r.skipped.missing)} without a price and ${int(r.skipped.nonPositive)} zero or negative`,
    `History: ${r.history}`,
    `Items with a price ${int(r.items)}, whose daily price changed ${int(r.itemsWithChangedPrice)}, with too few priced events to judge (<= ${r.rules.minObservations}) ${int(r.itemsTooFewPriced)}`,
    `Drops (>= ${pct(r.rules.minDrop)} below the median of the last ${r.rules.referenceWindowDays} days): ${int(r.drops)} on ${int(r.itemsWithDrops)} items, ${r.dropsPerWeek} per week` +
      (r.depth ? `; depth mean ${pct(r.depth.mean)}, median ${pct(r.depth.median)}` : ""),
  ];
  if (r.item) {
    out.push("", `Item ${r.item.id}:`);
    out.push(
      table(
        r.item.days.map((d) => [d.day, d.price, d.events]),
        ["day", "median price", "events"],
      ),
    );
    out.push(
      r.item.drops.length === 0
        ? "no drop"
        : table(
            r.item.drops.map((d) => [d.at, d.reference, d.price, pct(d.depth), d.restoredAt ?? "-"]),
            ["drop at", "reference", "price", "depth", "restored at"],
          ),
    );
  }
  if (r.out) out.push("", `Wrote the daily history to ${r.out} (${int(r.historyRows)} rows)`);
  return out.join("\n");
}
