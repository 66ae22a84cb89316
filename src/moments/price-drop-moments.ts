import type { EventTable } from "../data/event-table.js";
import { detectDrops, type Drops } from "../prices/detect-drops.js";
import { dropAudiences, userRowAtOrAfter, userStarts, type Members } from "../prices/drop-audience.js";
import { itemColumns, type ItemColumns } from "../prices/audience.js";
import { DAY_MS, DROP_DEFAULTS, type DropRules } from "../prices/drop-rules.js";
import { itemRows, type ItemRows } from "../prices/item-rows.js";
import { pricedRows, type PricedRows } from "../prices/priced-rows.js";
import { buyersOnly } from "../prices/signals.js";

import type { PriceDropMoment } from "../prices/price-drop-moment.js";

export type { PriceDropMoment } from "../prices/price-drop-moment.js";

export interface PriceDropRules extends DropRules {
  /** The audience: users with an event of the item this long before the drop. */
  lookbackMs: number;
}

export const PRICE_DROP_DEFAULTS: PriceDropRules = { ...DROP_DEFAULTS, lookbackMs: 60 * DAY_MS };

export interface PriceDropDetected {
  moments: PriceDropMoment[];
  drops: Drops;
  members: Members;
  byItem: ItemRows;
  /** The user and kind of byItem's rows, in its order (what audiences read). */
  columns: ItemColumns;
  userStart: Int32Array;
  /** Whether the audience is previous buyers (a log of purchases only). */
  buyers: boolean;
  orphanRemoves: number;
  orphanPurchases: number;
}

/**
 * Price-drop moments (docs/prices.md): the log's drops, and for each the users of its audience, each at the drop's
 * time. The table is sorted by user, then time. `priced`: the table's pricedRows, when the caller has them already.
 */
export function priceDropMoments(
  t: EventTable,
  rules: PriceDropRules = PRICE_DROP_DEFAULTS,
  priced: PricedRows = pricedRows(t),
): PriceDropDetected {
  const drops = detectDrops(t, priced, rules);
  // where every event with an item has a price (simulated shops, most web logs), the priced rows are all of them
  const byItem = allPriced(t, priced) ? { indptr: priced.indptr, rows: priced.rows, ts: priced.ts } : itemRows(t);
  const columns = itemColumns(t, byItem);
  const buyers = buyersOnly(t);
  const members = dropAudiences(t, byItem, drops, rules.lookbackMs, buyers, columns);
  const start = userStarts(t);
  // Stryker disable next-line ArrayDeclaration: the loop assigns every index, so an array without a length grows to it
  const moments: PriceDropMoment[] = new Array(members.length);
  for (let m = 0; m < members.length; m++) {
    const d = members.drop[m];
    const u = members.user[m];
    const at = drops.at[d];
    const next = userRowAtOrAfter(t, start, u, at);
    moments[m] = {
      event: next - 1,
      user: u,
      drop: d,
      item: drops.item[d],
      at,
      signal: members.signal[m],
      signalAt: members.signalAt[m],
      outcomeFrom: next < start[u + 1] ? next : -1,
    };
  }
  return { moments, drops, members, byItem, columns, userStart: start, buyers, orphanRemoves: 0, orphanPurchases: 0 };
}

/** Whether the priced rows are every row with an item (then they group the same rows in the same order). */
function allPriced(t: EventTable, priced: PricedRows): boolean {
  let withItem = 0;
  for (let r = 0; r < t.length; r++) if (t.item[r] >= 0) withItem++;
  return withItem === priced.priced;
}
