import type { EventTable } from "../data/event-table.js";
import { CartliftError, UsageError } from "../errors.js";
import { detectDrops, type Drops } from "./detect-drops.js";
import type { DropRules } from "./drop-rules.js";
import { pricedRows, type PricedRows } from "./priced-rows.js";

/**
 * The priced rows and drops of a dataset; a dataset without a single positive price is an input error (exit 2) that
 * names the column, since no history can be rebuilt from it.
 */
export function findDrops(t: EventTable, rules: DropRules, data: string): { priced: PricedRows; drops: Drops } {
  checkRules(rules);
  const priced = pricedRows(t);
  requirePrices(t, priced, data);
  return { priced, drops: detectDrops(t, priced, rules) };
}

/** A dataset without a single positive price: an input error (exit 2) naming the column. */
export function requirePrices(t: EventTable, priced: PricedRows, data: string): void {
  if (priced.priced === 0)
    throw new CartliftError(
      "no_prices",
      `${data}: no event has a price: the column "price" is empty or not positive in all ${t.length} rows ` +
        `(${priced.missing} missing, ${priced.nonPositive} zero or negative)`,
      "ingest the log with its price column mapped, e.g. cartlift ingest events.csv --map price=unit_price",
    );
}

function checkRules(r: DropRules): void {
  if (!(r.minDrop > 0 && r.minDrop < 1))
    throw new UsageError(`--min-drop must be a share between 0 and 1 (e.g. 0.1), got ${r.minDrop}`);
  if (!(r.referenceWindowMs > 0))
    throw new UsageError(`--reference-window must be a positive duration, got ${r.referenceWindowMs} ms`);
  if (!(Number.isInteger(r.minObservations) && r.minObservations >= 1))
    throw new UsageError(`--min-observations must be a whole number of at least 1`);
}
