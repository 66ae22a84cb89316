import { describe, expect, it } from "vitest";
import { firstMoments } from "../../src/moments/first-moments.js";
import { userOutcomes } from "../../src/experiment/user-outcomes.js";
import { at, tableOf, type Row } from "../evaluation/table-fixture.js";

const DAY = 24 * 60;
// the experiment runs over days 2..4 (minutes 2880..5760), its pre-period over days 0..2
const start = at(2 * DAY);
const end = at(4 * DAY);
const rows: Row[] = [
  // a: buys before (pre-period), visits on day 2, carts, buys twice on day 3 (two sessions: two orders)
  { user: "a", session: "a1", item: "x", kind: "purchase", min: 100 },
  { user: "a", session: "a2", item: "x", kind: "view", min: 2 * DAY + 10 },
  { user: "a", session: "a2", item: "y", kind: "cart_add", min: 2 * DAY + 11 },
  { user: "a", session: "a3", item: "y", kind: "purchase", min: 3 * DAY + 5 },
  { user: "a", session: "a4", item: "z", kind: "purchase", min: 3 * DAY + 600 },
  // b: only a visit during the experiment, no purchase
  { user: "b", session: "b1", item: "x", kind: "view", min: 3 * DAY + 1 },
  // c: active only after the end
  { user: "c", session: "c1", item: "x", kind: "cart_add", min: 5 * DAY },
];

describe("firstMoments and userOutcomes", () => {
  it("firstMoments(t, any | add-to-cart) is each user's first event (or cart_add) in [start, end), NaN otherwise", () => {
    const t = tableOf(rows);
    const any = firstMoments(t, "any", start, end, 86_400_000);
    const cart = firstMoments(t, "add-to-cart", start, end, 86_400_000);
    const code = (u: string) => t.dicts.user.lookup(u);
    expect(any[code("a")]).toBe(at(2 * DAY + 10));
    expect(any[code("b")]).toBe(at(3 * DAY + 1));
    expect(any[code("c")]).toBeNaN();
    expect(cart[code("a")]).toBe(at(2 * DAY + 11));
    expect(cart[code("b")]).toBeNaN();
    expect(() => firstMoments(t, "wishlist", start, end, 1)).toThrow(/empty-cart, add-to-cart, abandoned-cart/);
  });

  it("userOutcomes counts purchases from the first moment to the end, the pre-period apart, cumulated per day", () => {
    const t = tableOf(rows);
    const first = firstMoments(t, "any", start, end, 86_400_000);
    const o = userOutcomes(t, first, start, end, at(0));
    expect(o.users.length).toBe(2);
    const a = Array.from(o.users).indexOf(t.dicts.user.lookup("a"));
    const b = 1 - a;
    expect(o.days).toBe(2);
    expect(o.metrics.conversion.outcome[a]).toBe(1);
    expect(o.metrics.conversion.outcome[b]).toBe(0);
    // no order ids: each purchase is an order of its own
    expect(o.metrics["orders-per-user"].outcome[a]).toBe(2);
    expect(o.metrics["orders-per-user"].pre[a]).toBe(1);
    expect(o.metrics.conversion.pre[a]).toBe(1);
    // cumulated by day: nothing on day 2, both orders on day 3
    expect(Array.from(o.metrics["orders-per-user"].daily.slice(a * 2, a * 2 + 2))).toEqual([0, 2]);
    expect(o.returning[a]).toBe(1);
    expect(o.returning[b]).toBe(0);
    expect(o.earlierCart[a]).toBe(0); // the cart_add came after the first moment
  });
});
