import { describe, expect, it } from "vitest";
import { PRICE_DROP_DEFAULTS, priceDropMoments } from "../../src/moments/price-drop-moments.js";
import { MOMENT_KINDS } from "../../src/moments/registry.js";
import type { MomentKind } from "../../src/moments/moment-kind.js";
import type { PriceDropMoment } from "../../src/prices/price-drop-moment.js";
import { DAY_MS } from "../../src/prices/drop-rules.js";
import { T0, timeline, type Row } from "./timeline.js";

const DAY = 1440; // minutes
const ms = (minute: number) => T0 + minute * 60_000;

/**
 * Item a sells at 10 (days 55-62), then at 8 on day 64: a 20% drop at day 64 (the reference is the median of the
 * 14 days before). Its audience: users with an event of a in the 60 days before the drop.
 */
function shop(zPriced: boolean) {
  return timeline(shopRows(zPriced));
}

function shopRows(zPriced: boolean): Row[] {
  return [
    ["z", null, 55 * DAY, "view", "a", zPriced ? 10 : undefined], // the table's first item: code 0
    ["p1", null, 60 * DAY, "view", "a", 10],
    ["p2", null, 61 * DAY, "view", "a", 10],
    ["p3", null, 62 * DAY, "view", "a", 10],
    ["p3", null, 70 * DAY, "view", "c", 10], // p3 comes back after the drop
    ["p4", null, 64 * DAY, "view", "a", 8], // the drop; p4's own event is not before it
    ["w", null, 55 * DAY, "wishlist_add", "a", 10],
    ["old", null, 3 * DAY, "view", "a", 10], // 61 days before the drop: outside the lookback
    ["in", null, 5 * DAY, "view", "a", 10], // 59 days before: inside
    ["x", null, 55 * DAY, "view", "b", 5],
  ];
}

/** Each moment as [user, event row, outcomeFrom, item, at], by user. */
const rowsOf = (t: ReturnType<typeof timeline>, moments: PriceDropMoment[]) =>
  moments
    .map((m) => [t.dicts.user.get(m.user), m.event, m.outcomeFrom, t.dicts.item.get(m.item), m.at, m.drop])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe("priceDropMoments on a hand-built log", () => {
  it("PRICE_DROP_DEFAULTS looks back 60 days, with the drop rules' defaults", () => {
    expect(PRICE_DROP_DEFAULTS.lookbackMs).toBe(60 * DAY_MS);
    expect(PRICE_DROP_DEFAULTS.minDrop).toBe(0.1);
  });

  it("priceDropMoments(t) is one moment per audience member: their last row before the drop, outcomes from the next", () => {
    const t = shop(true);
    const r = priceDropMoments(t);
    expect(r.drops.length).toBe(1);
    expect(r.drops.at[0]).toBe(ms(64 * DAY));
    expect(rowsOf(t, r.moments)).toEqual([
      ["in", 8, -1, "a", ms(64 * DAY), 0],
      ["p1", 1, -1, "a", ms(64 * DAY), 0],
      ["p2", 2, -1, "a", ms(64 * DAY), 0],
      ["p3", 3, 4, "a", ms(64 * DAY), 0],
      ["w", 6, -1, "a", ms(64 * DAY), 0],
      ["z", 0, -1, "a", ms(64 * DAY), 0],
    ]);
    expect(r.members.length).toBe(6);
    expect([r.orphanRemoves, r.orphanPurchases, r.buyers]).toEqual([0, 0, false]);
  });

  it("priceDropMoments(t) keeps an audience member whose only event of the item has no price", () => {
    const t = shop(false); // z's view of a is unpriced: the priced rows are not all rows with an item
    const r = priceDropMoments(t);
    expect(rowsOf(t, r.moments).map((m) => m[0])).toEqual(["in", "p1", "p2", "p3", "w", "z"]);
    // the rows grouped by item hold every row with an item, the unpriced one too
    expect(r.byItem.rows.length).toBe(10);
  });

  it("priceDropMoments(t) counts the rows of item code 0 among those with an item", () => {
    // item q (code 0) has one priced row, z's view of a has none: the priced rows are one short of those with an item
    const rows: Row[] = [["y", null, 1, "view", "q", 3], ...shopRows(false)];
    const t = timeline(rows);
    const users = rowsOf(t, priceDropMoments(t).moments).map((m) => m[0]);
    expect(users).toEqual(["in", "p1", "p2", "p3", "w", "z"]);
  });

  it("priceDropMoments(t) on a log without prices finds no drop, and still groups every row with an item", () => {
    const t = timeline([
      ["u", null, 0, "view", "a"],
      ["u", null, 1, "cart_add", "b"],
      ["v", null, 2, "view", "a"],
    ]);
    const r = priceDropMoments(t);
    expect([r.drops.length, r.moments.length]).toEqual([0, 0]);
    expect(Array.from(r.byItem.rows).sort()).toEqual([0, 1, 2]);
  });

  it("priceDropMoments(t, rules) with a shorter lookback leaves out the older events", () => {
    const t = shop(true);
    const r = priceDropMoments(t, { ...PRICE_DROP_DEFAULTS, lookbackMs: 5 * DAY_MS });
    expect(rowsOf(t, r.moments).map((m) => m[0])).toEqual(["p1", "p2", "p3"]);
  });

  it("the price-drop kind detects with the defaults and replays each moment at the drop's time", () => {
    const t = shop(true);
    const kind = MOMENT_KINDS["price-drop"] as unknown as MomentKind<PriceDropMoment>;
    const moments = kind.detect(t, { ttlMs: 1, ttlFrom: "item-added" }).moments;
    expect(moments).toEqual(priceDropMoments(t).moments);
    const p3 = moments.find((m) => t.dicts.user.get(m.user) === "p3")!;
    expect([kind.rowOf(p3), kind.timeOf!(t, p3)]).toEqual([3, ms(64 * DAY)]);
    expect(kind.replayMoment(t, p3)).toEqual({
      event: 3,
      user: p3.user,
      seedEnd: 4,
      now: ms(64 * DAY),
      exclude: [],
      outcomeFrom: 4,
    });
    const p1 = moments.find((m) => t.dicts.user.get(m.user) === "p1")!;
    expect(kind.replayMoment(t, p1).outcomeFrom).toBe(-1);
  });
});
