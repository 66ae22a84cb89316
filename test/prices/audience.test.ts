import { describe, expect, it } from "vitest";
import type { EventTable } from "../../src/data/event-table.js";
import { audienceAt } from "../../src/prices/audience.js";
import { itemRows } from "../../src/prices/item-rows.js";
import { buyersOnly, Sig, SIGNALS } from "../../src/prices/signals.js";
import { priceDropMoments, PRICE_DROP_DEFAULTS } from "../../src/moments/price-drop-moments.js";
import { T0, timeline, type Row } from "../moments/timeline.js";

const DAY = 1440; // minutes
const LOOKBACK = 60 * 86_400_000;
const DROP_AT = T0 + 70 * DAY * 60_000;

/** Who the audience of item "a" at day 70 is: user id -> signal name, in the order of their first event. */
function audience(rows: Row[], buyers = false): Record<string, string> {
  const t = timeline(rows);
  const a = audienceAt(t, itemRows(t), t.dicts.item.lookup("a"), DROP_AT, LOOKBACK, buyers);
  return Object.fromEntries(a.user.map((u, m) => [t.dicts.user.get(u), SIGNALS[a.signal[m]]]));
}

describe("audienceAt: who a price-drop alert on an item reaches", () => {
  it("audienceAt splits users by their strongest signal: wishlisted over carted over viewed", () => {
    expect(
      audience([
        ["w", null, 20 * DAY, "view", "a"],
        ["w", null, 21 * DAY, "wishlist_add", "a"],
        ["w", null, 22 * DAY, "view", "a"],
        ["c", null, 30 * DAY, "cart_add", "a"],
        ["c", null, 30 * DAY + 5, "cart_remove", "a"],
        ["v", null, 40 * DAY, "view", "a"],
        ["x", null, 40 * DAY, "view", "b"],
      ]),
    ).toEqual({ w: "wishlisted", c: "carted", v: "viewed" });
  });

  it("audienceAt leaves out a user who bought the item before the drop, after their signal", () => {
    expect(
      audience([
        ["b", null, 20 * DAY, "wishlist_add", "a"],
        ["b", null, 25 * DAY, "cart_add", "a"],
        ["b", null, 25 * DAY + 1, "purchase", "a"],
        ["v", null, 40 * DAY, "view", "a"],
      ]),
    ).toEqual({ v: "viewed" });
  });

  it("audienceAt counts only what came after the user's last purchase: a later view makes them a viewer again", () => {
    expect(
      audience([
        ["b", null, 20 * DAY, "wishlist_add", "a"],
        ["b", null, 25 * DAY, "purchase", "a"],
        ["b", null, 50 * DAY, "view", "a"],
      ]),
    ).toEqual({ b: "viewed" });
  });

  it("audienceAt looks back 60 days, strictly before the drop: older signals and the drop's own time do not count", () => {
    expect(
      audience([
        ["old", null, 9 * DAY, "wishlist_add", "a"], // 61 days before
        ["edge", null, 10 * DAY, "view", "a"], // exactly 60 days before: in
        ["at", null, 70 * DAY, "wishlist_add", "a"], // at the drop: not before it
        ["after", null, 71 * DAY, "view", "a"],
      ]),
    ).toEqual({ edge: "viewed" });
  });

  it("audienceAt counts previous buyers only in a log of purchases (buyers set), with the signal bought", () => {
    const rows: Row[] = [
      ["p", null, 20 * DAY, "purchase", "a"],
      ["q", null, 30 * DAY, "purchase", "a"],
    ];
    expect(audience(rows, false)).toEqual({});
    expect(audience(rows, true)).toEqual({ p: "bought", q: "bought" });
    expect(buyersOnly(timeline(rows))).toBe(true);
    expect(buyersOnly(timeline([...rows, ["v", null, 1, "view", "b"]]))).toBe(false);
  });

  it("audienceAt keeps the time of the strongest signal's last event (what matching measures time since)", () => {
    const t = timeline([
      ["w", null, 20 * DAY, "wishlist_add", "a"],
      ["w", null, 30 * DAY, "view", "a"],
      ["w", null, 35 * DAY, "wishlist_add", "a"],
      ["w", null, 40 * DAY, "view", "a"],
    ]);
    const a = audienceAt(t, itemRows(t), 0, DROP_AT, LOOKBACK, false);
    expect([a.signal[0], a.signalAt[0]]).toEqual([Sig.wishlisted, T0 + 35 * DAY * 60_000]);
  });
});

describe("priceDropMoments", () => {
  /** Item a at 10 seen by three users, then at 8 (a drop on day 64); w wishlisted it, v viewed it, b bought it. */
  function shop(): EventTable {
    const rows: Row[] = [
      ["b", null, 40 * DAY, "view", "a", 10],
      ["b", null, 41 * DAY, "purchase", "a", 10],
      ["p1", null, 60 * DAY, "view", "a", 10],
      ["p2", null, 61 * DAY, "view", "a", 10],
      ["p3", null, 62 * DAY, "view", "a", 10],
      ["p4", null, 64 * DAY, "view", "a", 8],
      ["v", null, 50 * DAY, "view", "a", 10],
      ["v", null, 66 * DAY, "view", "c"],
      ["v", null, 67 * DAY, "purchase", "a", 8],
      ["w", null, 55 * DAY, "wishlist_add", "a", 10],
    ];
    return timeline(rows);
  }

  it("priceDropMoments(t) gives one moment per audience member at the drop's time, seeded before it", () => {
    const t = shop();
    const found = priceDropMoments(t, PRICE_DROP_DEFAULTS);
    expect(found.drops.length).toBe(1);
    expect(found.moments.map((m) => [t.dicts.user.get(m.user), SIGNALS[m.signal]])).toEqual([
      ["v", "viewed"],
      ["w", "wishlisted"],
      ["p1", "viewed"],
      ["p2", "viewed"],
      ["p3", "viewed"],
    ]); // in the order of their first event with the item; b bought it before the drop
    const v = found.moments[0];
    expect(v.at).toBe(T0 + 64 * DAY * 60_000);
    expect(t.ts[v.event]).toBe(T0 + 50 * DAY * 60_000); // the last row before the drop
    expect(t.ts[v.outcomeFrom]).toBe(T0 + 66 * DAY * 60_000); // the first at or after it
    expect(found.moments[1].outcomeFrom).toBe(-1); // w never came back
  });
});
