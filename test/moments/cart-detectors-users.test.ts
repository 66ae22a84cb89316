import { describe, expect, it } from "vitest";
import { abandonedCartMoments } from "../../src/moments/abandoned-cart-moments.js";
import { addToCartMoments } from "../../src/moments/add-to-cart-moments.js";
import { emptyCartMoments } from "../../src/moments/empty-cart-moments.js";
import { HOUR, MINUTE, T0, timeline } from "./timeline.js";

const TTL = 24 * HOUR;
const names = (t: ReturnType<typeof timeline>, codes: readonly number[]) => codes.map((c) => t.dicts.item.get(c));

describe("addToCartMoments: users, values and the cart it opens", () => {
  it("addToCartMoments(t) starts each user with an empty cart: the next user's first add opens a cart", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 1, "cart_add", "b", 4],
      ["v", "s2", 2, "cart_add", "c", 3], // one minute later, another user
      ["v", "s2", 3, "cart_add", "a", 1],
      ["w", "s3", 4, "view", "a"],
      ["w", "s3", 5, "cart_add", "d", 2],
    ]);
    const r = addToCartMoments(t, TTL);
    expect(r.moments.map((m) => [m.event, t.dicts.user.get(m.user), names(t, m.cartBefore), m.opensCart])).toEqual([
      [0, "u", [], true],
      [1, "u", ["a"], false],
      [2, "v", [], true],
      [3, "v", ["c"], false],
      [5, "w", [], true],
    ]);
    expect(r.cartsCreated).toBe(3);
  });

  it("addToCartMoments(t) values the added line at price x quantity, 0 when unpriced, and opens a cart after an expiry", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 2.5], // quantity 4: 10
      ["u", "s1", 1, "cart_add", "b"], // unpriced: 0
      ["u", "s1", 2, "cart_add", "c", 7], // quantity 0 counts 1
      ["u", "s2", 24 * 60 + 3, "cart_add", "d", 1], // 24 h + 1 min after the last add: the cart expired
    ]);
    t.quantity.set([4, 1, 0, 1]);
    const r = addToCartMoments(t, TTL);
    expect(r.moments.map((m) => [m.value, m.opensCart, names(t, m.cartBefore)])).toEqual([
      [10, true, []],
      [0, false, ["a"]],
      [7, false, ["a", "b"]],
      [1, true, []],
    ]);
  });
});

describe("abandonedCartMoments: users, cart numbers and orders", () => {
  it("abandonedCartMoments(t) starts each user with an empty cart and no orders", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 1, "purchase", "x", 5], // a buy-now order: u bought once
      ["v", "s2", 2, "cart_remove", "z"], // cart activity with u's cart: none of it is v's
      ["v", "s2", 3, "cart_add", "b", 2],
      ["v", "s2", 4, "purchase", "y", 1],
    ]);
    const r = abandonedCartMoments(t, TTL);
    expect(r.moments.map((m) => [m.event, t.dicts.user.get(m.user), names(t, m.items), m.value, m.lifecycle])).toEqual([
      [1, "u", ["a"], 10, "bought once"],
      [4, "v", ["b"], 2, "bought once"],
    ]);
    expect(r.moments.map((m) => m.cart)).toEqual([0, 1]);
  });

  it("abandonedCartMoments(t) numbers carts by creation: a resumed cart keeps its number, an expired one is replaced", () => {
    const t = timeline([
      ["u", "s1", 0, "view", "x"], // views on an empty cart create nothing
      ["u", "s1", 1, "cart_add", "a", 10], // cart 0
      ["u", "s2", 60, "cart_add", "b", 3], // resumed: still cart 0
      ["u", "s2", 61, "view", "x"],
      ["u", "s3", 60 * 30, "view", "x"], // 29 h later: expired
      ["u", "s3", 60 * 30 + 1, "cart_add", "c", 1], // cart 1
      ["u", "s3", 60 * 30 + 2, "cart_add", "d", 1],
    ]);
    const r = abandonedCartMoments(t, TTL);
    expect(r.moments.map((m) => [m.event, m.cart, names(t, m.items)])).toEqual([
      [1, 0, ["a"]],
      [3, 0, ["a", "b"]],
      [6, 1, ["c", "d"]],
    ]);
    expect(Array.from(r.cartCreatedAt)).toEqual([T0 + MINUTE, T0 + (60 * 30 + 1) * MINUTE]);
  });

  it("abandonedCartMoments(t) counts an order id once across rows and sessions, and a purchase without one per session", () => {
    const rows: Parameters<typeof timeline>[0] = [
      ["u", "s1", 0, "purchase", "x", 1], // order o0 (order code 0)
      ["u", "s2", 100, "purchase", "y", 1], // o0 again, a later session: still one order
      ["u", "s3", 200, "cart_add", "a", 10],
      ["v", "s4", 0, "purchase", "x", 1], // no order id: one order for the session
      ["v", "s4", 1, "purchase", "y", 1],
      ["v", "s5", 300, "cart_add", "a", 10],
      ["w", "s6", 0, "purchase", "x", 1], // no order id, two sessions: two orders
      ["w", "s7", 100, "purchase", "y", 1],
      ["w", "s8", 200, "cart_add", "a", 10],
    ];
    const t = timeline(rows, ["o0", "o0", null, null, null, null, null, null, null]);
    expect(abandonedCartMoments(t, TTL).moments.map((m) => [t.dicts.user.get(m.user), m.lifecycle])).toEqual([
      ["u", "bought once"],
      ["v", "bought once"],
      ["w", "bought repeatedly"],
    ]);
  });

  it("abandonedCartMoments(t) tells apart the first order id (code 0) from a second one", () => {
    const t = timeline(
      [
        ["u", "s1", 0, "purchase", "x", 1],
        ["u", "s1", 1, "purchase", "y", 1],
        ["u", "s1", 2, "cart_add", "a", 10],
      ],
      ["o0", "o1", null],
    );
    expect(abandonedCartMoments(t, TTL).moments.map((m) => m.lifecycle)).toEqual(["bought repeatedly"]);
  });

  it("abandonedCartMoments(t) ends the table's last session at its last row", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 1, "view", "b"],
    ]);
    expect(abandonedCartMoments(t, TTL).moments.map((m) => m.event)).toEqual([1]);
  });
});

describe("emptyCartMoments: the log's imperfections", () => {
  it("emptyCartMoments(t) counts removes and purchases of items not in the cart, each in its own count", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 1, "cart_add", "b", 10],
      ["u", "s1", 2, "purchase", "a", 10], // in the cart
      ["u", "s1", 3, "cart_remove", "b"], // in the cart
      ["u", "s1", 4, "cart_remove", "q"], // orphan remove
      ["u", "s1", 5, "cart_remove", "q"], // orphan remove
      ["u", "s1", 6, "purchase", "z", 3], // orphan purchase
      ["v", "s2", 0, "cart_remove", "a"], // orphan remove (a was u's)
    ]);
    const r = emptyCartMoments(t, TTL);
    expect([r.orphanRemoves, r.orphanPurchases]).toEqual([3, 1]);
    expect(r.moments).toEqual([]);
  });
});
