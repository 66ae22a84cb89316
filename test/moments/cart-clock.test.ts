import { describe, expect, it } from "vitest";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import { CartState } from "../../src/moments/cart-state.js";
import type { TtlFrom } from "../../src/moments/empty-cart-moments.js";
import { referenceMoments } from "../oracles/empty-cart.js";
import { HOUR, T0, timeline } from "./timeline.js";
import { randomCarts } from "./random-carts.js";

const TTL = 24 * HOUR;

/**
 * Empty-cart moments found through CartState (the cart of the add-to-cart and abandoned-cart moments): the first event
 * of a later session of a user whose cart expired with items in it, with nothing added since. If CartState timed carts
 * by another rule than the empty cart's, these would differ from the reference detector's.
 */
function momentsThroughCartState(t: EventTable, ttlFrom: TtlFrom) {
  const cart = new CartState(t, TTL, ttlFrom);
  const out: { event: number; expired: number[]; lastCartActivity: number }[] = [];
  let expired: number[] = [];
  let expiredAt = -Infinity;
  for (let i = 0; i < t.length; i++) {
    const first = i === 0 || t.user[i] !== t.user[i - 1];
    if (first) {
      cart.reset();
      expired = [];
      expiredAt = -Infinity;
    }
    const before = new Map(cart.items);
    const lastActivity = cart.lastActivity;
    const gone = cart.expire(t.ts[i]);
    for (const item of gone) {
      expired.push(item);
      expiredAt = ttlFrom === "last-activity" ? lastActivity : Math.max(expiredAt, before.get(item)!.addedAt);
    }
    if (!first && expired.length > 0 && cart.items.size === 0 && t.session[i] !== t.session[i - 1]) {
      out.push({ event: i, expired, lastCartActivity: expiredAt });
      expired = [];
    }
    cart.apply(i);
    if (t.kind[i] === EventKind.cart_add) expired = []; // added something since
  }
  return out;
}

describe("CartState times carts by the empty cart's rule", () => {
  for (const ttlFrom of ["last-activity", "item-added"] as const) {
    it(`CartState(random carts with buy-now purchases, 24 h, ${ttlFrom}) expires carts where the reference detector does`, () => {
      let moments = 0;
      for (let seed = 101; seed <= 120; seed++) {
        const t = randomCarts(seed, 30, 40);
        const want = referenceMoments(t, TTL, ttlFrom).map((m) => ({
          event: m.event,
          expired: m.expired,
          lastCartActivity: m.lastCartActivity,
        }));
        expect(momentsThroughCartState(t, ttlFrom), `seed ${seed}`).toEqual(want);
        moments += want.length;
      }
      expect(moments).toBeGreaterThan(100);
    });
  }

  it("apply(buy-now purchase) is cart activity for the session but leaves the clock at the last carted add", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 57, "purchase", "x", 7], // buy now: x was never carted
      ["u", "s1", 58, "cart_remove", "z"], // a remove of an item not in the cart does restart it
      ["u", "s2", 60 * 24 + 30, "view", "b"],
    ]);
    const cart = new CartState(t, TTL);
    expect(cart.apply(0)).toBe(true);
    expect(cart.apply(1)).toBe(true);
    expect([cart.lastActivity, cart.orphanPurchases, cart.expiresAt()]).toEqual([T0, 1, T0 + TTL]);
    expect(cart.apply(2)).toBe(true);
    expect([cart.lastActivity, cart.orphanRemoves]).toEqual([T0 + 58 * 60_000, 1]);
  });
});
