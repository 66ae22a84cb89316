import { UsageError } from "../errors.js";
import { readDataset } from "../io/read-dataset.js";
import { priceHistoryFormat, writePriceHistory } from "../io/write-price-history.js";
import { dailyMedians } from "../prices/daily-medians.js";
import { DAY_MS, DROP_DEFAULTS, type DropRules } from "../prices/drop-rules.js";
import { findDrops } from "../prices/find-drops.js";
import { priceSummary, type PriceSummary } from "../prices/price-summary.js";

export type DropRulesFlags = Partial<DropRules>;

export interface PricesOptions {
  data: string;
  /** Only this item's history and drops (the counts stay those of the whole data). */
  item?: string;
  /** Write the daily price history (item, day, price, events) here: .csv or .parquet. */
  out?: string;
  rules?: Partial<DropRules>;
}

/** One drop as reports show it. */
export interface DropEntry {
  item: string;
  at: string;
  reference: number;
  price: number;
  depth: number;
  restoredAt: string | null;
}

export interface PricesReport extends PriceSummary {
  data: string;
  /** How the history is rebuilt: the median of the item's priced events per UTC day. */
  history: string;
  rules: { minDrop: number; referenceWindowDays: number; minObservations: number; restoreShare: number };
  events: number;
  pricedEvents: number;
  /** Events whose price was skipped: missing (empty) and zero or negative. */
  skipped: { missing: number; nonPositive: number };
  /** Rows of the daily history (item x day). */
  historyRows: number;
  depth: { mean: number; median: number } | null;
  /** With --item: its daily prices and drops. */
  item?: { id: string; days: { day: string; price: number; events: number }[]; drops: DropEntry[] };
  out?: string;
  seconds: number;
}

const HISTORY =
  "each item's price per UTC day is the median of the prices on that day's events (tiers, currencies and bad rows " +
  "pull a mean, not a median); drops are judged on the events themselves (docs/prices.md)";

/** `cartlift prices`: each item's price history rebuilt from its events, and the price drops over the whole data. */
export async function prices(o: PricesOptions): Promise<PricesReport> {
  const started = performance.now();
  const rules: DropRules = { ...DROP_DEFAULTS, ...o.rules };
  if (o.out) priceHistoryFormat(o.out);
  const { table: t } = readDataset(o.data);
  const itemCode = o.item === undefined ? -1 : t.dicts.item.lookup(o.item);
  if (o.item !== undefined && itemCode < 0)
    throw new UsageError(`--item "${o.item}" is not an item of ${o.data}`, "cartlift inspect lists the top items");
  const { priced, drops } = findDrops(t, rules, o.data);
  const daily = dailyMedians(t, priced);
  const summary = priceSummary(t, priced, daily, drops, rules.minObservations);
  if (o.out) await writePriceHistory(o.out, daily, t.dicts.item);
  const ids = t.dicts.item;
  const depths = Float64Array.from(drops.depth).sort();
  const report: PricesReport = {
    data: o.data,
    history: HISTORY,
    rules: {
      minDrop: rules.minDrop,
      referenceWindowDays: rules.referenceWindowMs / DAY_MS,
      minObservations: rules.minObservations,
      restoreShare: rules.restoreShare,
    },
    events: t.length,
    pricedEvents: priced.priced,
    skipped: { missing: priced.missing, nonPositive: priced.nonPositive },
    historyRows: daily.length,
    ...summary,
    depth:
      drops.length > 0
        ? { mean: round(depths.reduce((s, d) => s + d, 0) / depths.length), median: round(depths[depths.length >> 1]) }
        : null,
    seconds: 0,
  };
  if (itemCode >= 0) {
    const days = [];
    for (let x = 0; x < daily.length; x++)
      if (daily.item[x] === itemCode)
        days.push({ day: isoDay(daily.day[x]), price: daily.median[x], events: daily.events[x] });
    const list: DropEntry[] = [];
    for (let d = 0; d < drops.length; d++)
      if (drops.item[d] === itemCode)
        list.push({
          item: ids.get(itemCode),
          at: new Date(drops.at[d]).toISOString(),
          reference: drops.reference[d],
          price: drops.price[d],
          depth: round(drops.depth[d]),
          restoredAt: Number.isFinite(drops.restoredAt[d]) ? new Date(drops.restoredAt[d]).toISOString() : null,
        });
    report.item = { id: o.item!, days, drops: list };
  }
  if (o.out) report.out = o.out;
  report.seconds = round((performance.now() - started) / 1000);
  return report;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
