import { describe, expect, it } from "vitest";
import { segmentsAt } from "../../src/segments/segments-at.js";
import { ABSENT, INTENT_SEGMENTS, LIFECYCLE_STAGES } from "../../src/segments/segment-names.js";
import { day, eventTable, type Ev } from "./segment-fixture.js";

/** The user's lifecycle stage and intent segments at `at` (epoch ms). */
function member(events: Ev[], at: number, user = "u") {
  const t = eventTable(events);
  const s = segmentsAt(t, at);
  const u = t.dicts.user.lookup(user);
  return {
    lifecycle: s.lifecycle[u] === ABSENT ? "absent" : LIFECYCLE_STAGES[s.lifecycle[u]],
    intent: INTENT_SEGMENTS.filter((_, b) => (s.intent[u] >> b) & 1),
  };
}
const has = (events: Ev[], at: number, segment: string) => member(events, at).intent.includes(segment as never);

describe("lifecycle", () => {
  it("segmentsAt(...) is new-visitor after one session and returning-visitor once a second session starts", () => {
    const ev: Ev[] = [
      { user: "u", d: 0, kind: "view", session: "s1" },
      { user: "u", d: 0.01, kind: "view", session: "s1" },
      { user: "u", d: 2, kind: "view", session: "s2" },
    ];
    expect(member(ev, day(2)).lifecycle).toBe("new-visitor");
    expect(member(ev, day(2) + 1).lifecycle).toBe("returning-visitor");
  });

  it("segmentsAt(...) counts distinct order ids: two rows of one order make a first-time buyer, a second order a repeat buyer", () => {
    const ev: Ev[] = [
      { user: "u", d: 0, kind: "purchase", order: "o1", item: "a" },
      { user: "u", d: 0, kind: "purchase", order: "o1", item: "b" },
      { user: "u", d: 5, kind: "purchase", order: "o2", item: "a" },
    ];
    expect(member(ev, day(5)).lifecycle).toBe("first-time-buyer");
    expect(member(ev, day(5) + 1).lifecycle).toBe("repeat-buyer");
  });

  it("segmentsAt(...) without order ids counts the sessions that hold a purchase", () => {
    const ev: Ev[] = [
      { user: "u", d: 0, kind: "purchase", session: "s1", item: "a" },
      { user: "u", d: 0.01, kind: "purchase", session: "s1", item: "b" },
      { user: "u", d: 3, kind: "view", session: "s2" },
      { user: "u", d: 4, kind: "purchase", session: "s3" },
    ];
    expect(member(ev, day(4)).lifecycle).toBe("first-time-buyer");
    expect(member(ev, day(4) + 1).lifecycle).toBe("repeat-buyer");
  });

  it("segmentsAt(...) leaves a user with no event before --at absent, in no segment", () => {
    const ev: Ev[] = [{ user: "u", d: 1, kind: "view" }];
    expect(member(ev, day(1))).toEqual({ lifecycle: "absent", intent: [] });
  });
});

describe("intent segments on both sides of each threshold", () => {
  const cart: Ev[] = [
    { user: "u", d: 3, kind: "cart_add", item: "a", session: "s1" },
    { user: "u", d: 3.01, kind: "view", item: "b", session: "s1" },
  ];
  it("cart-abandoner holds while the last cart session ended 7 days ago or less", () => {
    expect(has(cart, day(10.01), "cart-abandoner")).toBe(true);
    expect(has(cart, day(10.01) + 1, "cart-abandoner")).toBe(false);
  });
  it("cart-abandoner ends when the carted item is bought or removed", () => {
    const bought: Ev[] = [...cart, { user: "u", d: 4, kind: "purchase", item: "a", order: "o" }];
    const removed: Ev[] = [...cart, { user: "u", d: 4, kind: "cart_remove", item: "a" }];
    expect(has(bought, day(5), "cart-abandoner")).toBe(false);
    expect(has(removed, day(5), "cart-abandoner")).toBe(false);
    expect(has(cart, day(5), "cart-abandoner")).toBe(true);
  });

  const wish: Ev[] = [{ user: "u", d: 0, kind: "wishlist_add", item: "a" }];
  it("wishlister-not-carter holds for 30 days after the wish, and not once the item is carted", () => {
    expect(has(wish, day(30), "wishlister-not-carter")).toBe(true);
    expect(has(wish, day(30) + 1, "wishlister-not-carter")).toBe(false);
    const carted: Ev[] = [...wish, { user: "u", d: 1, kind: "cart_add", item: "a" }];
    expect(has(carted, day(2), "wishlister-not-carter")).toBe(false);
  });

  const views = (n: number, category = "c"): Ev[] =>
    Array.from({ length: n }, (_, x) => ({ user: "u", d: 1 + x * 0.1, kind: "view", item: `i${x}`, category }));
  it("category-browser needs 5 views in one category within 7 days and nothing carted from it", () => {
    expect(has(views(5), day(2), "category-browser")).toBe(true);
    expect(has(views(4), day(2), "category-browser")).toBe(false);
    expect(has([...views(3, "c"), ...views(2, "d")], day(2), "category-browser")).toBe(false);
    // the first view (day 1) leaves the window after day 8
    expect(has(views(5), day(8), "category-browser")).toBe(true);
    expect(has(views(5), day(8) + 1, "category-browser")).toBe(false);
    const carted: Ev[] = [...views(5), { user: "u", d: 1.9, kind: "cart_add", item: "z", category: "c" }];
    expect(has(carted, day(2), "category-browser")).toBe(false);
  });

  it("price-watcher needs the same item viewed on 3 different days within 14 days, or at two prices", () => {
    const days = (ds: number[], item = "a"): Ev[] => ds.map((d) => ({ user: "u", d, kind: "view", item }));
    expect(has(days([1, 2, 3]), day(4), "price-watcher")).toBe(true);
    expect(has(days([1, 2]), day(4), "price-watcher")).toBe(false);
    expect(has(days([1, 1.5, 2]), day(4), "price-watcher")).toBe(false);
    expect(has([...days([1, 2]), ...days([3], "b")], day(4), "price-watcher")).toBe(false);
    expect(has(days([1, 2, 3]), day(15), "price-watcher")).toBe(true);
    expect(has(days([1, 2, 3]), day(15) + 1, "price-watcher")).toBe(false);
    const prices: Ev[] = [
      { user: "u", d: 1, kind: "view", item: "a", price: 10 },
      { user: "u", d: 1.1, kind: "view", item: "a", price: 8 },
    ];
    expect(has(prices, day(2), "price-watcher")).toBe(true);
    expect(has(prices.slice(0, 1).concat({ ...prices[0], d: 1.1 }), day(2), "price-watcher")).toBe(false);
  });

  const orders = (ds: number[]): Ev[] => ds.map((d, x) => ({ user: "u", d, kind: "purchase", order: `o${x}` }));
  it("lapsing-loyal needs 3 orders and no order for more than twice the median gap", () => {
    // gaps 10 and 10: lapsing once more than 20 days pass after day 20
    expect(has(orders([0, 10, 20]), day(40), "lapsing-loyal")).toBe(false);
    expect(has(orders([0, 10, 20]), day(40) + 1, "lapsing-loyal")).toBe(true);
    expect(has(orders([10, 20]), day(90), "lapsing-loyal")).toBe(false);
    // gaps 2, 4, 30: median 4, so more than 8 days after day 36
    expect(has(orders([0, 2, 6, 36]), day(44), "lapsing-loyal")).toBe(false);
    expect(has(orders([0, 2, 6, 36]), day(44) + 1, "lapsing-loyal")).toBe(true);
  });

  it("dormant holds once there has been no event for more than 90 days", () => {
    const ev: Ev[] = [{ user: "u", d: 0, kind: "view" }];
    expect(has(ev, day(90), "dormant")).toBe(false);
    expect(has(ev, day(90) + 1, "dormant")).toBe(true);
  });
});
