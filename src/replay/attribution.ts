import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";

/** How long after an empty-cart moment an outcome still counts: the moment's session, or a duration. */
export type AttributionWindow = { kind: "session"; label: string } | { kind: "duration"; ms: number; label: string };

/** What the user did from the moment (its event included) to the window's end: items carted or bought. */
export interface MomentOutcome {
  carted: Set<number>;
  bought: Set<number>;
  /** Anything carted or bought at all. */
  any: boolean;
}

/**
 * The user's cart adds and purchases from row `event` to the end of the window (the table is sorted by user, then
 * time).
 */
export function momentOutcome(t: EventTable, event: number, window: AttributionWindow): MomentOutcome {
  const user = t.user[event];
  const session = t.session[event];
  const end = window.kind === "duration" ? t.ts[event] + window.ms : Infinity;
  const carted = new Set<number>();
  const bought = new Set<number>();
  for (let j = event; j < t.length && t.user[j] === user; j++) {
    if (window.kind === "session" ? t.session[j] !== session : t.ts[j] >= end) break;
    if (t.kind[j] === EventKind.cart_add) carted.add(t.item[j]);
    else if (t.kind[j] === EventKind.purchase) bought.add(t.item[j]);
  }
  return { carted, bought, any: carted.size > 0 || bought.size > 0 };
}
