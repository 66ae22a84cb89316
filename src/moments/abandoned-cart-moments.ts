import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { CartState } from "./cart-state.js";
import type { TtlFrom } from "./empty-cart-moments.js";
import { startsSession } from "./session-start.js";

/** The user's orders before a moment: none, one, or two and more. */
export type Lifecycle = "never bought" | "bought once" | "bought repeatedly";

/** The last event of a session with cart activity, after which the cart still holds items. */
export interface AbandonedCartMoment {
  /** Row of the table: the session's last event. */
  event: number;
  user: number;
  /** Items left in the cart, in the order they were added. */
  items: number[];
  /** Their value: price x quantity when added (0 unpriced). */
  value: number;
  /** Which cart of the log (a cart abandoned, resumed and abandoned again keeps its number). */
  cart: number;
  lifecycle: Lifecycle;
  /** When the cart expires if the user does not come back (the TTL from its last activity or last add). */
  expiresAt: number;
}

/**
 * Abandoned-cart moments (docs/replay-abandoned-cart.md): carts rebuilt as for the empty cart (`CartState`);
 * sessions from the log's session ids, or ingest's 30-minute inactivity gap where an event has none. An abandonment
 * is the last event of a session in which the user had cart activity (an add, a remove or a purchase), after which
 * the cart still holds items: added, and neither removed, bought nor expired. Its value is the cart's value; the
 * user's lifecycle counts their orders up to it (order ids, or a session with a purchase when there are none).
 * The table is sorted by user, then time.
 */
export function abandonedCartMoments(
  t: EventTable,
  ttlMs: number,
  ttlFrom: TtlFrom = "last-activity",
): {
  moments: AbandonedCartMoment[];
  /** Per cart number: the time it was created (its first add). */
  cartCreatedAt: Float64Array;
  orphanRemoves: number;
  orphanPurchases: number;
} {
  const moments: AbandonedCartMoment[] = [];
  const created: number[] = [];
  const cart = new CartState(t, ttlMs, ttlFrom);
  // Stryker disable next-line BooleanLiteral: row 0 starts a session, which sets it false before any read
  let cartActivity = false;
  let orders = 0;
  const seenOrders = new Set<string>();
  // Stryker disable next-line UnaryOperator: read only with items in the cart, whose creation set it
  let cartNumber = -1;
  let sessionStart = 0;
  for (let i = 0; i < t.length; i++) {
    if (i === 0 || t.user[i] !== t.user[i - 1]) {
      cart.reset();
      orders = 0;
      seenOrders.clear();
    }
    if (startsSession(t, i)) {
      cartActivity = false;
      sessionStart = i;
    }
    cart.expire(t.ts[i]);
    const wasEmpty = cart.items.size === 0;
    if (cart.apply(i)) cartActivity = true;
    if (wasEmpty && cart.items.size > 0) {
      cartNumber = created.length;
      created.push(t.ts[i]);
    }
    if (t.kind[i] === EventKind.purchase) {
      const order = t.order[i] >= 0 ? `o${t.order[i]}` : `s${sessionStart}`;
      if (!seenOrders.has(order)) orders++;
      seenOrders.add(order);
    }
    const sessionEnds = i + 1 === t.length || startsSession(t, i + 1);
    if (sessionEnds && cartActivity && cart.items.size > 0)
      moments.push({
        event: i,
        user: t.user[i],
        items: [...cart.items.keys()],
        value: cart.value(),
        cart: cartNumber,
        lifecycle: lifecycleOf(orders),
        expiresAt: cart.expiresAt(),
      });
  }
  return {
    moments,
    cartCreatedAt: Float64Array.from(created),
    orphanRemoves: cart.orphanRemoves,
    orphanPurchases: cart.orphanPurchases,
  };
}

function lifecycleOf(orders: number): Lifecycle {
  return orders === 0 ? "never bought" : orders === 1 ? "bought once" : "bought repeatedly";
}
