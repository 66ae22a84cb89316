import { describe, expect, it } from "vitest";
import { CartState } from "../../src/moments/cart-state.js";
import { HOUR, MINUTE, T0, timeline, type Row } from "./timeline.js";

const TTL = 24 * HOUR;
const at = (minute: number) => T0 + minute * MINUTE;

/** Runs the cart over `rows` the way the detectors do (expire, then apply); returns it and each step's expiries. */
function run(rows: Row[], ttlFrom: "last-activity" | "item-added", ttlMs = TTL, quantity?: number[]) {
  const t = timeline(rows);
  if (quantity) t.quantity.set(quantity);
  const cart = new CartState(t, ttlMs, ttlFrom);
  const expired: string[][] = [];
  const activity: boolean[] = [];
  for (let i = 0; i < t.length; i++) {
    expired.push(cart.expire(t.ts[i]).map((c) => t.dicts.item.get(c)));
    activity.push(cart.apply(i));
  }
  const items = () => [...cart.items.keys()].map((c) => t.dicts.item.get(c));
  return { t, cart, expired, activity, items };
}

describe("CartState on hand-built timelines", () => {
  it("new CartState(...) starts empty, with no activity yet and no expiry, and reset() returns it there", () => {
    const { cart } = run([["u", "s", 0, "cart_add", "a", 3]], "last-activity");
    expect(cart.items.size).toBe(1);
    cart.reset();
    expect([cart.items.size, cart.lastActivity, cart.expiresAt(), cart.value()]).toEqual([0, -Infinity, Infinity, 0]);
    const fresh = new CartState(timeline([]), TTL);
    expect([fresh.lastActivity, fresh.expiresAt(), fresh.created]).toEqual([-Infinity, Infinity, 0]);
  });

  it("expire(ts) with last-activity clears the whole cart only when more than the TTL has passed since the last activity", () => {
    const r = run(
      [
        ["u", "s", 0, "cart_add", "a", 1],
        ["u", "s", 600, "cart_add", "b", 2], // 10 h later: refreshes the clock for a too
        ["u", "s", 1800, "view", "x"], // 30 h after a, 20 h after b: nothing expires
        ["u", "s", 2040, "view", "x"], // exactly 24 h after the last activity: not yet
        ["u", "s", 2040.001, "view", "x"], // 60 ms later: both go
      ],
      "last-activity",
    );
    expect(r.expired).toEqual([[], [], [], [], ["a", "b"]]);
    expect(r.items()).toEqual([]);
  });

  it("expire(ts) with item-added clears each item more than the TTL after it was added, whatever else happened", () => {
    const r = run(
      [
        ["u", "s", 0, "cart_add", "a", 1],
        ["u", "s", 600, "cart_add", "b", 2],
        ["u", "s", 1200, "cart_remove", "z"], // cart activity (an orphan remove) does not keep a
        ["u", "s", 1440, "view", "x"], // exactly 24 h after a: a stays
        ["u", "s", 1441, "view", "x"], // a goes, b (added 10 h later) stays
        ["u", "s", 2041, "view", "x"], // 24 h 1 min after b: b goes
      ],
      "item-added",
    );
    expect(r.expired).toEqual([[], [], [], [], ["a"], ["b"]]);
    expect(r.cart.orphanRemoves).toBe(1);
  });

  it("expire(ts) on an empty cart clears nothing, also long after the last activity", () => {
    const r = run(
      [
        ["u", "s", 0, "view", "x"],
        ["u", "s", 10_000, "cart_remove", "z"],
        ["u", "s", 20_000, "view", "x"],
      ],
      "last-activity",
    );
    expect(r.expired).toEqual([[], [], []]);
  });

  it("expiresAt() is the last activity + TTL (last-activity) or the latest add + TTL (item-added); Infinity once emptied", () => {
    const rows: Row[] = [
      ["u", "s", 0, "cart_add", "a", 1],
      ["u", "s", 60, "cart_add", "b", 2],
      ["u", "s", 30, "cart_add", "c", 2], // out of order on purpose: the latest add is b's, not the last row's
      ["u", "s", 120, "cart_remove", "c"], // activity, not an add
    ];
    expect(run(rows, "last-activity").cart.expiresAt()).toBe(at(120) + TTL);
    expect(run(rows, "item-added").cart.expiresAt()).toBe(at(60) + TTL);
    const emptied = run(
      [
        ["u", "s", 0, "cart_add", "a", 1],
        ["u", "s", 5, "purchase", "a", 1],
      ],
      "last-activity",
    );
    expect([emptied.cart.lastActivity, emptied.cart.expiresAt()]).toEqual([at(5), Infinity]);
    expect(run(rows.slice(0, 1), "item-added").cart.expiresAt()).toBe(at(0) + TTL);
  });

  it("apply(i) adds price x quantity (0 unpriced or negative), sums a re-added item, and tells cart activity from the rest", () => {
    const r = run(
      [
        ["u", "s", 0, "cart_add", "a", 2.5], // quantity 3: 7.5
        ["u", "s", 1, "cart_add", "b"], // unpriced: 0
        ["u", "s", 2, "cart_add", "c", -4], // a negative price counts 0
        ["u", "s", 3, "cart_add", "a", 1], // quantity 0 counts as 1: a is 8.5 now
        ["u", "s", 4, "view", "a"],
        ["u", "s", 5, "wishlist_add", "a"],
        ["u", "s", 6, "checkout", "a"],
      ],
      "last-activity",
      TTL,
      [3, 1, 1, 0, 1, 1, 1],
    );
    expect(r.activity).toEqual([true, true, true, true, false, false, false]);
    expect([...r.cart.items.values()].map((e) => e.value)).toEqual([8.5, 0, 0]);
    expect(r.cart.value()).toBe(8.5);
    expect(r.items()).toEqual(["a", "b", "c"]);
    expect(r.cart.items.get(r.t.dicts.item.lookup("a"))!.addedAt).toBe(at(3));
    expect(r.cart.lastActivity).toBe(at(3)); // views, wishlists and checkouts do not touch the clock
  });

  it("apply(i) counts a cart created each time it goes from empty to holding an item, and orphan removes and purchases", () => {
    const r = run(
      [
        ["u", "s", 0, "cart_add", "a", 1], // created 1
        ["u", "s", 1, "cart_add", "b", 1],
        ["u", "s", 2, "cart_add", "c", 1],
        ["u", "s", 3, "purchase", "a", 1],
        ["u", "s", 4, "cart_remove", "b"],
        ["u", "s", 5, "cart_remove", "c"], // empty again
        ["u", "s", 6, "cart_remove", "c"], // orphan remove
        ["u", "s", 7, "purchase", "y", 1], // orphan purchase (buy now)
        ["u", "s", 8, "purchase", "y", 1], // another
        ["u", "s", 9, "cart_add", "d", 1], // created 2
        ["u", "s", 10, "cart_add", "e", 1], // added to a cart that holds d: nothing created
      ],
      "last-activity",
    );
    expect([r.cart.created, r.cart.orphanRemoves, r.cart.orphanPurchases]).toEqual([2, 1, 2]);
    expect(r.activity.every(Boolean)).toBe(true);
    expect(r.items()).toEqual(["d", "e"]);
  });
});
