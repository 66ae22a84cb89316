import { describe, expect, it } from "vitest";
import { firstMoments } from "../../src/moments/first-moments.js";
import { T0, timeline, type Row } from "../moments/timeline.js";

const DAY = 1440;
const ms = (minute: number) => T0 + minute * 60_000;

describe("firstMoments through the moment registry", () => {
  it("firstMoments(t, abandoned-cart) is each user's first abandonment (a session's last event, items left)", () => {
    const t = timeline([
      ["u", "s1", 0, "view", "a"],
      ["u", "s1", 1, "cart_add", "a", 10],
      ["u", "s1", 3, "view", "b"],
      ["u", "s2", 2 * DAY, "cart_add", "b", 5],
      ["v", "s3", 10, "cart_add", "a", 10],
      ["v", "s3", 12, "purchase", "a", 10],
    ]);
    const first = firstMoments(t, "abandoned-cart", T0, T0 + 10 * DAY * 60_000, 7 * DAY * 60_000);
    expect(first[t.dicts.user.lookup("u")]).toBe(ms(3));
    expect(first[t.dicts.user.lookup("v")]).toBeNaN(); // bought the whole cart
    // the window [from, to) keeps the second abandonment only
    expect(firstMoments(t, "abandoned-cart", ms(DAY), ms(10 * DAY), 7 * DAY * 60_000)[0]).toBe(ms(2 * DAY));
  });

  it("firstMoments(t, price-drop) is the drop's time for each user of its audience, NaN for the others", () => {
    const rows: Row[] = [
      ["p1", null, 60 * DAY, "view", "a", 10],
      ["p2", null, 61 * DAY, "view", "a", 10],
      ["p3", null, 62 * DAY, "view", "a", 10],
      ["p4", null, 64 * DAY, "view", "a", 8],
      ["w", null, 55 * DAY, "wishlist_add", "a", 10],
      ["x", null, 55 * DAY, "view", "b"],
    ];
    const t = timeline(rows);
    const first = firstMoments(t, "price-drop", T0, ms(100 * DAY), 86_400_000);
    const of = (u: string) => first[t.dicts.user.lookup(u)];
    expect([of("w"), of("p1"), of("p3")]).toEqual([ms(64 * DAY), ms(64 * DAY), ms(64 * DAY)]);
    expect(of("p4")).toBeNaN(); // the drop's own event is not before it
    expect(of("x")).toBeNaN();
  });
});
