import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";

/**
 * What a user did with an item before a drop, strongest first: wishlisted, carted (and let go), viewed only, or,
 * in logs with nothing but purchases, bought it before (a previous buyer who has not bought it since).
 */
export const SIGNALS = ["wishlisted", "carted", "viewed", "bought"] as const;
export type Signal = (typeof SIGNALS)[number];
export const Sig = { wishlisted: 0, carted: 1, viewed: 2, bought: 3, none: 255 } as const;

/** The signal an event kind gives (255: none, e.g. a return). Purchases are handled apart: they reset the signal. */
export function signalOfKind(kind: number): number {
  switch (kind) {
    case EventKind.wishlist_add:
      return Sig.wishlisted;
    case EventKind.cart_add:
    case EventKind.cart_remove:
    case EventKind.checkout:
      return Sig.carted;
    case EventKind.view:
    case EventKind.wishlist_remove:
      return Sig.viewed;
    default:
      return Sig.none;
  }
}

/**
 * Whether previous buyers make an audience: only in a log with purchases and no views, carts or wishlists (invoice
 * lines such as UCI Online Retail), where a purchase is the only thing a user can have done with an item.
 */
export function buyersOnly(t: EventTable): boolean {
  let purchases = 0;
  for (let r = 0; r < t.length; r++) {
    const k = t.kind[r];
    if (k === EventKind.purchase) purchases++;
    else if (signalOfKind(k) !== Sig.none) return false;
  }
  return purchases > 0;
}
