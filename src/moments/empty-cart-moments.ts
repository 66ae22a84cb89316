import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";

/**
 * When a cart item expires: after `ttl` without any cart activity (the whole cart), or `ttl` after it was added (item
 * by item).
 */
export type TtlFrom = "last-activity" | "item-added";

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
 * Empty-cart moments (docs/replay.md): carts are rebuilt per user in time order (cart_add adds,
 * cart_remove and purchase remove the item); the whole cart clears once `ttlMs` passes without cart
 * activity (`ttlFrom` "last-activity": adds, removes, and purchases of carted items; a buy-now purchase of an item
 * not in the cart is none), or each item `ttlMs` after it was added ("item-added").
 * A moment is the first event of a later session of a user whose cart expired before that session
 * started with items in it, and who has added nothing since. Removes and purchases of items not in
 * the cart are counted, not errors (logs are imperfect). The table is sorted by user, then time.
 */
export function emptyCartMoments(
  t: EventTable,
  ttlMs: number,
  ttlFrom: TtlFrom = "last-activity",
): { moments: EmptyCartMoment[]; orphanRemoves: number; orphanPurchases: number } {
  const moments: EmptyCartMoment[] = [];
  let orphanRemoves = 0;
  let orphanPurchases = 0;
  const cart = new Map<number, { value: number; addedAt: number }>(); // insertion-ordered
  let i = 0;
  while (i < t.length) {
    const u = t.user[i];
    cart.clear();
    // Stryker disable next-line UnaryOperator: read only while the cart holds items, and the add that put them set it
    let lastCart = -Infinity;
    let expired: number[] = [];
    let expiredValue = 0;
    let expiredAt = -Infinity;
    const expire = (item: number, entry: { value: number; addedAt: number }) => {
      expired.push(item);
      expiredValue += entry.value;
      cart.delete(item);
    };
    for (let first = true; i < t.length && t.user[i] === u; i++, first = false) {
      const ts = t.ts[i];
      if (ttlFrom === "last-activity" && cart.size > 0 && ts - lastCart > ttlMs) {
        expiredAt = lastCart;
        for (const [item, entry] of [...cart]) expire(item, entry);
      } else if (ttlFrom === "item-added") {
        for (const [item, entry] of [...cart]) {
          if (ts - entry.addedAt <= ttlMs) continue;
          expiredAt = Math.max(expiredAt, entry.addedAt);
          expire(item, entry);
        }
      }
      // an empty cart on return: something expired, nothing is left, nothing was added since
      if (!first && expired.length > 0 && cart.size === 0 && t.session[i] !== t.session[i - 1]) {
        moments.push({ event: i, user: u, expired, expiredValue, lastCartActivity: expiredAt });
        expired = [];
        expiredValue = 0;
      }
      const k = t.kind[i];
      if (k === EventKind.cart_add) {
        const value = t.price[i] * Math.max(1, t.quantity[i]);
        const entry = cart.get(t.item[i]);
        // Stryker disable next-line EqualityOperator: `value >= 0` keeps 0 as 0; NaN and negatives fail both
        cart.set(t.item[i], { value: (entry?.value ?? 0) + (value > 0 ? value : 0), addedAt: ts });
        lastCart = ts;
        expired = []; // added something since: the cart is not empty on return
        expiredValue = 0;
      } else if (k === EventKind.cart_remove || k === EventKind.purchase) {
        const inCart = cart.delete(t.item[i]);
        if (!inCart && k === EventKind.purchase) orphanPurchases++;
        else if (!inCart) orphanRemoves++;
        // a purchase of an item not in the cart (buy now) bypasses the cart: it is no cart activity
        if (inCart || k === EventKind.cart_remove) lastCart = ts;
      }
    }
  }
  return { moments, orphanRemoves, orphanPurchases };
}
