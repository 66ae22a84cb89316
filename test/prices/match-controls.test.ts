import { describe, expect, it } from "vitest";
import type { EventTable } from "../../src/data/event-table.js";
import { priceDropMoments, PRICE_DROP_DEFAULTS } from "../../src/moments/price-drop-moments.js";
import { dropEffects } from "../../src/prices/drop-effects.js";
import { BALANCE_MS, matchControls } from "../../src/prices/match-controls.js";
import { T0, timeline, type Row } from "../moments/timeline.js";

const DAY = 1440;
const WEEK_MS = 7 * 86_400_000;

/**
 * Item a drops from 10 to 8 on day 64 (p1-p3 saw 10 before); w wishlisted a on day 55 and buys it on day 66.
 * Items c and e never drop: x wishlisted c on day 54 (10 days before the drop), y on day 30; z viewed c on day 63;
 * e1 wishlisted e on day 40 and buys it on day 65.
 */
function shop(categories?: Record<string, number>): EventTable {
  const rows: Row[] = [
    ["e1", null, 40 * DAY, "wishlist_add", "e"],
    ["e1", null, 65 * DAY, "purchase", "e"],
    ["p1", null, 60 * DAY, "view", "a", 10],
    ["p2", null, 61 * DAY, "view", "a", 10],
    ["p3", null, 62 * DAY, "view", "a", 10],
    ["p4", null, 64 * DAY, "view", "a", 8],
    ["w", null, 55 * DAY, "wishlist_add", "a", 10],
    ["w", null, 66 * DAY, "purchase", "a", 8],
    ["x", null, 54 * DAY, "wishlist_add", "c"],
    ["y", null, 30 * DAY, "wishlist_add", "c"],
    ["z", null, 63 * DAY, "view", "c"],
  ];
  const t = timeline(rows);
  if (!categories) return t;
  return { ...t, category: Int32Array.from(t.item, (i) => categories[t.dicts.item.get(i)]) };
}

function match(t: EventTable) {
  const found = priceDropMoments(t, PRICE_DROP_DEFAULTS);
  const pairs = matchControls(t, found.byItem, found.drops, found.moments, found.userStart, {
    lookbackMs: PRICE_DROP_DEFAULTS.lookbackMs,
    windowsMs: [WEEK_MS],
    buyers: false,
    controlItems: 20,
    balanceMs: BALANCE_MS,
    quietMs: PRICE_DROP_DEFAULTS.referenceWindowMs,
    seed: 1,
  });
  const name = (u: number) => (u < 0 ? null : t.dicts.user.get(u));
  return {
    found,
    pairs,
    matched: Object.fromEntries(found.moments.map((m, x) => [name(m.user), name(pairs.controlUser[x])])),
  };
}

describe("matchControls: what drops did, matched on signal, category and time since the signal", () => {
  it("matchControls pairs a wishlister with the wishlister of an undropped item nearest in time since the signal", () => {
    const { matched, pairs, found } = match(shop());
    // w: 9 days since the wishlist; x: 10, y: 34, e1: 24: x is nearest. Viewers (1 to 4 days) get z (1 day)
    expect(matched).toEqual({ w: "x", p1: "z", p2: "z", p3: "z" });
    const w = found.moments.findIndex((m) => m.user === found.moments.find((n) => n.signal === 0)!.user);
    expect([pairs.treatedBought[0][w], pairs.controlBought[0][w]]).toEqual([1, 0]);
  });

  it("matchControls is exact on category: in another category no control, in the same the nearest of it", () => {
    const { matched } = match(shop({ a: 2, c: 1, e: 2 }));
    expect(matched).toEqual({ w: "e1", p1: null, p2: null, p3: null });
  });

  it("matchControls never takes an item with a drop open at the time as a control", () => {
    // c drops too (from 10 to 5 on day 63.5, after three views at 10): its audience is no control for a's
    const extra: Row[] = [
      ["q1", null, 57 * DAY, "view", "c", 10],
      ["q2", null, 58 * DAY, "view", "c", 10],
      ["q3", null, 59 * DAY, "view", "c", 10],
      ["q4", null, 63.5 * DAY, "view", "c", 5],
    ];
    const base = shop();
    const rows: Row[] = [];
    for (let r = 0; r < base.length; r++)
      rows.push([
        base.dicts.user.get(base.user[r]),
        null,
        (base.ts[r] - T0) / 60_000,
        (["view", "cart_add", "cart_remove", "wishlist_add", "wishlist_remove", "purchase"] as const)[base.kind[r]],
        base.dicts.item.get(base.item[r]),
        base.price[r],
      ]);
    const all = [...rows, ...extra].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[2] - b[2]));
    const { matched } = match(timeline(all));
    expect(matched.w).toBe("e1"); // x (c's wishlister) would be nearer, but c dropped then
  });

  it("dropEffects(moments, pairs) gives per signal the match rate, the rates, the difference and the balance", () => {
    const { found, pairs } = match(shop());
    const effects = dropEffects(found.moments, pairs, [{ label: "7d" }], { level: 0.95 });
    const wished = effects.find((e) => e.signal === "wishlisted")!;
    expect([wished.members, wished.matched, wished.matchRate]).toEqual([1, 1, 1]);
    // Newcombe's interval of 1/1 - 0/1: 1 - sqrt(2) (1 - 0.20655) (Wilson's 1 of 1 is [0.20655, 1]) up to 1
    expect(wished.windows["7d"]).toMatchObject({ treated: 1, control: 0, difference: 1, low: -0.1221, high: 1 });
    expect(wished.balance.daysSinceSignal).toEqual({ treated: 9, control: 10 });
    const viewed = effects.find((e) => e.signal === "viewed")!;
    expect(viewed.windows["7d"]).toMatchObject({ treated: 0, control: 0, difference: 0 });
  });
});
