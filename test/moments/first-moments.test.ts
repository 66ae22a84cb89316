import { describe, expect, it } from "vitest";
import { TRIGGER_MOMENTS, firstMoments } from "../../src/moments/first-moments.js";
import { UsageError } from "../../src/errors.js";
import { HOUR, MINUTE, T0, timeline } from "./timeline.js";

const TTL = 24 * HOUR;
const at = (minute: number) => T0 + minute * MINUTE;

/** u: views, then adds at minutes 10 and 20; v: a view at 5, an add at 30; w: a view only. */
function shop() {
  return timeline([
    ["u", "s1", 0, "view", "a"],
    ["u", "s1", 10, "cart_add", "a", 10],
    ["u", "s1", 20, "cart_add", "b", 5],
    ["v", "s2", 5, "view", "a"],
    ["v", "s2", 30, "cart_add", "c", 5],
    ["w", "s3", 40, "view", "a"],
  ]);
}
const byUser = (t: ReturnType<typeof shop>, first: Float64Array) =>
  Object.fromEntries(["u", "v", "w"].map((u) => [u, first[t.dicts.user.lookup(u)]]));

describe("firstMoments on hand-built timelines", () => {
  it("TRIGGER_MOMENTS is every registered moment and any", () => {
    expect(TRIGGER_MOMENTS).toEqual(["empty-cart", "add-to-cart", "abandoned-cart", "price-drop", "any"]);
  });

  it("firstMoments(t, any) is each user's first event of the window, NaN for users without one", () => {
    const t = shop();
    expect(byUser(t, firstMoments(t, "any", T0, at(60), TTL))).toEqual({ u: at(0), v: at(5), w: at(40) });
    // the window is [from, to): an event exactly at `from` counts, one exactly at `to` does not
    expect(byUser(t, firstMoments(t, "any", at(5), at(40), TTL))).toEqual({ u: at(10), v: at(5), w: NaN });
    expect(firstMoments(t, "any", T0, at(60), TTL)).toBeInstanceOf(Float64Array);
    expect(firstMoments(t, "any", T0, at(60), TTL).length).toBe(3);
  });

  it("firstMoments(t, add-to-cart) is each user's first cart_add of the window, not their first event", () => {
    const t = shop();
    expect(byUser(t, firstMoments(t, "add-to-cart", T0, at(60), TTL))).toEqual({ u: at(10), v: at(30), w: NaN });
    expect(byUser(t, firstMoments(t, "add-to-cart", at(11), at(30), TTL))).toEqual({ u: at(20), v: NaN, w: NaN });
  });

  it("firstMoments(t, empty-cart) is the returning user's first event, with the cart cleared after the last activity", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 60, "cart_add", "b", 4],
      ["u", "s1", 1200, "cart_remove", "b"], // cart activity at 20 h keeps a until 44 h
      ["u", "s2", 1500, "view", "c"], // 25 h: a is still in the cart (it would be gone 24 h after its add)
      ["u", "s3", 3000, "view", "c"], // 50 h: expired, a return to an empty cart
      ["u", "s4", 5000, "view", "c"],
    ]);
    const first = firstMoments(t, "empty-cart", T0, at(10_000), TTL);
    expect(Array.from(first)).toEqual([at(3000)]);
  });

  it("firstMoments(t, abandoned-cart) keeps the earliest of a user's moments in the window", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s2", 60, "cart_add", "b", 4],
      ["u", "s3", 120, "cart_add", "c", 4],
    ]);
    expect(Array.from(firstMoments(t, "abandoned-cart", T0, at(1000), TTL))).toEqual([at(0)]);
    expect(Array.from(firstMoments(t, "abandoned-cart", at(1), at(1000), TTL))).toEqual([at(60)]);
  });

  it("firstMoments(t, unknown) is a usage error naming the moment and the ones that have a detector", () => {
    const t = shop();
    expect(() => firstMoments(t, "checkout", T0, at(60), TTL)).toThrow(UsageError);
    expect(() => firstMoments(t, "checkout", T0, at(60), TTL)).toThrow(
      'the moment "checkout" has no detector; experiments can be triggered by empty-cart, add-to-cart, abandoned-cart, price-drop, any',
    );
  });
});
