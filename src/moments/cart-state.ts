import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import type { TtlFrom } from "./empty-cart-moments.js";

/** One item in a rebuilt cart: its value (price x quantity when added, 0 unpriced) and when it was added. */
export interface CartEntry {
  value: number;
  addedAt: number;
}

/**
 * A user's cart rebuilt in time order by the rules of docs/replay.md (those of `emptyCartMoments`): cart_add adds
 * the item; cart_remove and purchase remove it; a remove or purchase of an item not in the cart is counted (a
 * buy-now purchase shows up there). Adds, removes, and purchases of carted items restart the cart clock; a buy-now
 * purchase (an item not in the cart) bypasses the cart and leaves the clock alone, as in `emptyCartMoments`, so that
 * every cart moment times carts by one rule. Before each event, the whole cart expires `ttlMs` after the last cart
 * activity ("last-activity"), or each item `ttlMs` after it was added ("item-added"). Call `reset` at each user,
 * then `expire(ts)` and `apply(row)` per event.
 */
export class CartState {
  /** Items in the cart, in the order they were added. */
  readonly items = new Map<number, CartEntry>();
  lastActivity = -Infinity;
  orphanRemoves = 0;
  orphanPurchases = 0;
  /** Carts created: the cart went from empty to holding an item. */
  created = 0;

  constructor(
    private readonly t: EventTable,
    private readonly ttlMs: number,
    private readonly ttlFrom: TtlFrom = "last-activity",
  ) {}

  reset(): void {
    this.items.clear();
    this.lastActivity = -Infinity;
  }

  /** Clears what has expired by `ts`; returns the items that expired (empty when none). */
  expire(ts: number): number[] {
    const gone: number[] = [];
    if (this.ttlFrom === "last-activity") {
      if (this.items.size > 0 && ts - this.lastActivity > this.ttlMs) {
        gone.push(...this.items.keys());
        this.items.clear();
      }
    } else
      for (const [item, entry] of this.items)
        if (ts - entry.addedAt > this.ttlMs) {
          gone.push(item);
          this.items.delete(item);
        }
    return gone;
  }

  /** When the cart as it stands will have expired if nothing happens (Infinity when empty). */
  expiresAt(): number {
    if (this.items.size === 0) return Infinity;
    if (this.ttlFrom === "last-activity") return this.lastActivity + this.ttlMs;
    let last = -Infinity;
    for (const e of this.items.values()) last = Math.max(last, e.addedAt);
    return last + this.ttlMs;
  }

  /**
   * Applies row `i` (views and wishlist events change nothing); true when it was cart activity: an add, a remove or a
   * purchase, buy-now purchases included (docs/replay-abandoned-cart.md), though a buy-now purchase does not restart
   * the clock.
   */
  apply(i: number): boolean {
    const t = this.t;
    const k = t.kind[i];
    if (k === EventKind.cart_add) {
      if (this.items.size === 0) this.created++;
      const value = t.price[i] * Math.max(1, t.quantity[i]);
      const entry = this.items.get(t.item[i]);
      // Stryker disable next-line EqualityOperator: `value >= 0` keeps 0 as 0; NaN and negatives fail both
      this.items.set(t.item[i], { value: (entry?.value ?? 0) + (value > 0 ? value : 0), addedAt: t.ts[i] });
      this.lastActivity = t.ts[i];
      return true;
    }
    if (k === EventKind.cart_remove || k === EventKind.purchase) {
      const inCart = this.items.delete(t.item[i]);
      if (!inCart && k === EventKind.purchase) this.orphanPurchases++;
      else if (!inCart) this.orphanRemoves++;
      if (inCart || k === EventKind.cart_remove) this.lastActivity = t.ts[i];
      return true;
    }
    return false;
  }

  value(): number {
    let v = 0;
    for (const e of this.items.values()) v += e.value;
    return v;
  }
}
