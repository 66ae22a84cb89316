import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";

/** What a user did with items in [from time, from time + windowMs): carted and bought items, and any purchase. */
export interface AlertOutcome {
  carted: Set<number>;
  bought: Set<number>;
  boughtAny: boolean;
}

const NONE: AlertOutcome = { carted: new Set(), bought: new Set(), boughtAny: false };

/**
 * The user's cart adds and purchases from row `from` (their first row at or after the alert, -1: none) until
 * `until` (the alert's time plus the window). The table is sorted by user, then time.
 */
export function alertOutcome(t: EventTable, from: number, until: number): AlertOutcome {
  if (from < 0) return NONE;
  const user = t.user[from];
  const out: AlertOutcome = { carted: new Set(), bought: new Set(), boughtAny: false };
  for (let j = from; j < t.length && t.user[j] === user && t.ts[j] < until; j++) {
    if (t.kind[j] === EventKind.cart_add) out.carted.add(t.item[j]);
    else if (t.kind[j] === EventKind.purchase) {
      out.bought.add(t.item[j]);
      out.boughtAny = true;
    }
  }
  return out;
}

/** Whether the user bought `item` in [their row `from`, `until`). */
export function boughtItem(t: EventTable, from: number, until: number, item: number): boolean {
  if (from < 0) return false;
  const user = t.user[from];
  for (let j = from; j < t.length && t.user[j] === user && t.ts[j] < until; j++)
    if (t.item[j] === item && t.kind[j] === EventKind.purchase) return true;
  return false;
}
