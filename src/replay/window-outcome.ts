import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { startsSession } from "../moments/session-start.js";
import type { AttributionWindow } from "./attribution.js";

/** What the user carted and bought in a window, and each such item's value (price x quantity, its first time). */
export interface WindowOutcome {
  carted: Set<number>;
  bought: Set<number>;
  value: Map<number, number>;
}

const EMPTY: WindowOutcome = { carted: new Set(), bought: new Set(), value: new Map() };

/**
 * The user's cart adds and purchases from row `from` to the end of the window anchored at row `anchor`: the anchor's
 * session (ids, or ingest's gap where there are none), or a duration from the anchor's time. `from` is the anchor
 * (outcomes include its event) or the row after it (add-to-cart: after the add); -1 gives an empty outcome. The table
 * is sorted by user, then time.
 */
export function windowOutcome(t: EventTable, anchor: number, from: number, window: AttributionWindow): WindowOutcome {
  if (from < 0) return EMPTY;
  const user = t.user[anchor];
  const end = window.kind === "duration" ? t.ts[anchor] + window.ms : Infinity;
  const out: WindowOutcome = { carted: new Set(), bought: new Set(), value: new Map() };
  for (let j = from; j < t.length && t.user[j] === user; j++) {
    if (window.kind === "session" ? j > anchor && startsSession(t, j) : t.ts[j] >= end) break;
    const k = t.kind[j];
    if (k !== EventKind.cart_add && k !== EventKind.purchase) continue;
    (k === EventKind.cart_add ? out.carted : out.bought).add(t.item[j]);
    if (!out.value.has(t.item[j])) {
      const v = t.price[j] * Math.max(1, t.quantity[j]);
      out.value.set(t.item[j], v > 0 ? v : 0);
    }
  }
  return out;
}
