import { describe, expect, it } from "vitest";
import { abandonedCartMoments } from "../../src/moments/abandoned-cart-moments.js";
import { addToCartMoments } from "../../src/moments/add-to-cart-moments.js";
import { HOUR, MINUTE, T0, timeline } from "./timeline.js";

const TTL = 24 * HOUR;
const items = (t: ReturnType<typeof timeline>, codes: number[]) => codes.map((c) => t.dicts.item.get(c));

describe("abandonedCartMoments on hand-built timelines", () => {
  it("abandonedCartMoments(t) marks the last event of a session that leaves items in the cart, with the cart's value", () => {
    const t = timeline([
      ["u", "s1", 0, "view", "a"],
      ["u", "s1", 1, "cart_add", "a", 10],
      ["u", "s1", 2, "cart_add", "b", 5],
      ["u", "s1", 3, "view", "c"],
    ]);
    const { moments } = abandonedCartMoments(t, TTL);
    expect(moments.map((m) => m.event)).toEqual([3]);
    expect(items(t, moments[0].items)).toEqual(["a", "b"]);
    expect(moments[0].value).toBe(15);
    expect(moments[0].lifecycle).toBe("never bought");
    expect(moments[0].expiresAt).toBe(T0 + 2 * MINUTE + TTL);
  });

  it("abandonedCartMoments(t) finds none in a session that ends in a purchase of the whole cart", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 5, "purchase", "a", 10],
    ]);
    expect(abandonedCartMoments(t, TTL).moments).toEqual([]);
  });

  it("abandonedCartMoments(t) keeps what a partial purchase left, and counts that order in the lifecycle", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 1, "cart_add", "b", 4],
      ["u", "s1", 5, "purchase", "a", 10],
    ]);
    const { moments } = abandonedCartMoments(t, TTL);
    expect(moments.map((m) => [m.event, items(t, m.items), m.value, m.lifecycle])).toEqual([
      [2, ["b"], 4, "bought once"],
    ]);
  });

  it("abandonedCartMoments(t) counts a buy-now purchase as cart activity, and an orphan, without touching the cart", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s2", 120, "view", "x"],
      ["u", "s2", 121, "purchase", "x", 7],
      ["v", "s3", 0, "purchase", "y", 7], // buy-now with an empty cart: nothing abandoned
    ]);
    const r = abandonedCartMoments(t, TTL);
    expect(r.moments.map((m) => [m.event, items(t, m.items)])).toEqual([
      [0, ["a"]],
      [2, ["a"]],
    ]);
    expect(r.orphanPurchases).toBe(2);
    expect(r.moments[1].lifecycle).toBe("bought once");
  });

  it("abandonedCartMoments(t) counts a remove of an item not in the cart as activity, and the cart is unchanged", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s2", 60, "cart_remove", "z"],
    ]);
    const r = abandonedCartMoments(t, TTL);
    expect(r.moments.map((m) => [m.event, items(t, m.items)])).toEqual([
      [0, ["a"]],
      [1, ["a"]],
    ]);
    expect(r.orphanRemoves).toBe(1);
  });

  it("abandonedCartMoments(t) finds nothing after a cart expired, and a session without cart activity abandons nothing", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s2", 60, "view", "a"], // cart still held, but no cart activity in this session
      ["u", "s3", 60 * 30, "view", "a"], // 30 h later: expired
      ["u", "s3", 60 * 30 + 1, "cart_remove", "a"], // a remove of an expired item: nothing left to abandon
    ]);
    const r = abandonedCartMoments(t, TTL);
    expect(r.moments.map((m) => m.event)).toEqual([0]);
    expect(r.orphanRemoves).toBe(1);
  });

  it("abandonedCartMoments(t) splits events without session ids at ingest's 30-minute gap", () => {
    const t = timeline([
      ["u", null, 0, "cart_add", "a", 10],
      ["u", null, 20, "view", "b"], // 20 min: same session
      ["u", null, 60, "cart_add", "b", 3], // 40 min: a new session
      ["u", null, 61, "view", "c"],
    ]);
    const r = abandonedCartMoments(t, TTL);
    expect(r.moments.map((m) => [m.event, items(t, m.items)])).toEqual([
      [1, ["a"]],
      [3, ["a", "b"]],
    ]);
    expect(r.moments[0].cart).toBe(r.moments[1].cart);
    expect(r.cartCreatedAt.length).toBe(1);
  });

  it("abandonedCartMoments(t) takes a one-event session with an add as an abandonment, and one of a view as none", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s2", 90, "view", "a"],
      ["w", "s3", 0, "view", "a"],
    ]);
    expect(abandonedCartMoments(t, TTL).moments.map((m) => m.event)).toEqual([0]);
  });

  it("abandonedCartMoments(t) counts orders by order id, repeat buyers as bought repeatedly", () => {
    const t = timeline(
      [
        ["u", "s1", 0, "purchase", "x", 1],
        ["u", "s1", 0, "purchase", "y", 1],
        ["u", "s2", 100, "purchase", "z", 1],
        ["u", "s3", 200, "cart_add", "a", 10],
      ],
      ["o1", "o1", "o2", null],
    );
    expect(abandonedCartMoments(t, TTL).moments.map((m) => m.lifecycle)).toEqual(["bought repeatedly"]);
  });

  it("abandonedCartMoments(t, ttl, item-added) lets the oldest item expire mid-session", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 60 * 25, "cart_add", "b", 2], // one long session: a has expired by now
    ]);
    const m = abandonedCartMoments(t, TTL, "item-added").moments;
    expect(m.map((x) => items(t, x.items))).toEqual([["b"]]);
    expect(m[0].value).toBe(2);
  });
});

describe("addToCartMoments on hand-built timelines", () => {
  it("addToCartMoments(t) is every cart_add, with the rest of the cart before it (expired items gone)", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 1, "cart_add", "b", 2],
      ["u", "s1", 2, "cart_add", "a", 10], // again: the rest of the cart is b
      ["u", "s2", 60 * 30, "cart_add", "c", 1], // 30 h later: a and b expired
      ["u", "s2", 60 * 30 + 1, "purchase", "c", 1],
      ["u", "s2", 60 * 30 + 2, "cart_remove", "q"],
    ]);
    const r = addToCartMoments(t, TTL);
    expect(r.moments.map((m) => [m.event, t.dicts.item.get(m.item), items(t, m.cartBefore), m.value])).toEqual([
      [0, "a", [], 10],
      [1, "b", ["a"], 2],
      [2, "a", ["b"], 10],
      [3, "c", [], 1],
    ]);
    expect(r.orphanRemoves).toBe(1);
    expect(r.cartsCreated).toBe(2);
  });
});
