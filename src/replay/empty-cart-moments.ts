import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";

/** A returning user's first event on a cart that was cleared while they were away. */
export interface EmptyCartMoment {
  /** Row of the table: the first event of the later session. */
  event: number;
  user: number;
  /** Items the cart held when it expired (neither bought nor removed), in the order they were added. */
  expired: number[];
  /** Their value: price x quantity when added (items without a price count 0). */
  expiredValue: number;
  /** Time of the last cart activity before the expiry. */
  lastCartActivity: number;
}

/**
 * Empty-cart moments (docs/evaluate.md): carts are rebuilt per user in time order (cart_add adds,
 * cart_remove and purchase remove the item) and cleared once `ttlMs` passes without cart activity.
 * A moment is the first event of a later session of a user whose cart expired before that session
 * started with items in it, and who has added nothing since. Removes and purchases of items not in
 * the cart are counted, not errors (logs are imperfect). The table is sorted by user, then time.
 */
export function emptyCartMoments(t: EventTable, ttlMs: number): { moments: EmptyCartMoment[]; orphanRemoves: number; orphanPurchases: number } {
  const moments: EmptyCartMoment[] = [];
  let orphanRemoves = 0;
  let orphanPurchases = 0;
  const cart = new Map<number, number>(); // item -> value when added, insertion-ordered
  let i = 0;
  while (i < t.length) {
    const u = t.user[i];
    cart.clear();
    let lastCart = -Infinity;
    let expired: number[] | null = null;
    let expiredValue = 0;
    let expiredAt = -Infinity;
    for (let first = true; i < t.length && t.user[i] === u; i++, first = false) {
      const ts = t.ts[i];
      if (cart.size > 0 && ts - lastCart > ttlMs) {
        expired = [...cart.keys()];
        expiredValue = 0;
        for (const v of cart.values()) expiredValue += v;
        expiredAt = lastCart;
        cart.clear();
      }
      if (!first && expired && t.session[i] !== t.session[i - 1]) {
        moments.push({ event: i, user: u, expired, expiredValue, lastCartActivity: expiredAt });
        expired = null;
      }
      const k = t.kind[i];
      if (k === EventKind.cart_add) {
        const value = t.price[i] * Math.max(1, t.quantity[i]);
        cart.set(t.item[i], (cart.get(t.item[i]) ?? 0) + (value > 0 ? value : 0));
        lastCart = ts;
        expired = null; // added something since: the cart is not empty on return
      } else if (k === EventKind.cart_remove || k === EventKind.purchase) {
        if (!cart.delete(t.item[i])) {
          if (k === EventKind.purchase) orphanPurchases++;
          else orphanRemoves++;
        }
        lastCart = ts;
      }
    }
  }
  return { moments, orphanRemoves, orphanPurchases };
}
