import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { CartState } from "./cart-state.js";
import type { TtlFrom } from "./empty-cart-moments.js";

/** A cart_add event: the shopper has just added `item` to a cart that already held `cartBefore`. */
export interface AddToCartMoment {
  /** Row of the table: the cart_add event. */
  event: number;
  user: number;
  item: number;
  /** The rest of the cart just before the add (expired items gone), in the order they were added. */
  cartBefore: number[];
  /** The added line's value: price x quantity (0 unpriced). */
  value: number;
  /** The cart was empty before: this add created it. */
  opensCart: boolean;
}

/**
 * Add-to-cart moments (docs/replay-add-to-cart.md): every cart_add event, with the cart rebuilt as for the empty
 * cart (`CartState`): what else it held just before the add. The table is sorted by user, then time.
 */
export function addToCartMoments(
  t: EventTable,
  ttlMs: number,
  ttlFrom: TtlFrom = "last-activity",
): { moments: AddToCartMoment[]; orphanRemoves: number; orphanPurchases: number; cartsCreated: number } {
  const moments: AddToCartMoment[] = [];
  const cart = new CartState(t, ttlMs, ttlFrom);
  for (let i = 0; i < t.length; i++) {
    if (i === 0 || t.user[i] !== t.user[i - 1]) cart.reset();
    cart.expire(t.ts[i]);
    if (t.kind[i] === EventKind.cart_add) {
      const value = t.price[i] * Math.max(1, t.quantity[i]);
      const cartBefore = [...cart.items.keys()].filter((x) => x !== t.item[i]);
      const opensCart = cart.items.size === 0;
      // Stryker disable next-line EqualityOperator: `value >= 0` keeps 0 as 0; NaN and negatives fail both
      moments.push({ event: i, user: t.user[i], item: t.item[i], cartBefore, value: value > 0 ? value : 0, opensCart });
    }
    cart.apply(i);
  }
  return {
    moments,
    orphanRemoves: cart.orphanRemoves,
    orphanPurchases: cart.orphanPurchases,
    cartsCreated: cart.created,
  };
}
