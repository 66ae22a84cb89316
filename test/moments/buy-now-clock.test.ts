import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import { emptyCartMoments } from "../../src/moments/empty-cart-moments.js";
import { referenceMoments } from "../oracles/empty-cart.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2024, 0, 10, 13, 24);

/** One user's timeline, by hand: [minutes from T0, session, kind, item]. */
function timeline(rows: [number, number, number, number][]): EventTable {
  const n = rows.length;
  return {
    length: n,
    ts: Float64Array.from(rows, (r) => T0 + r[0] * MIN),
    user: new Int32Array(n),
    session: Int32Array.from(rows, (r) => r[1]),
    item: Int32Array.from(rows, (r) => r[3]),
    kind: Uint8Array.from(rows, (r) => r[2]),
    price: new Float64Array(n).fill(10),
    quantity: new Int32Array(n).fill(1),
    category: new Int32Array(n).fill(-1),
    order: new Int32Array(n).fill(-1),
    dicts: {
      user: Dictionary.fromStrings(["u0"]),
      session: Dictionary.fromStrings(["s0", "s1", "s2"]),
      item: Dictionary.fromStrings(["i0", "i1", "i2", "i3"]),
      category: new Dictionary(),
      order: new Dictionary(),
    },
  };
}

const { view, cart_add: add, purchase } = EventKind;

describe("emptyCartMoments and buy-now purchases (the simulator's cart clock)", () => {
  // the case bench:replay-validity found (user u779 of family world 1): an item carted, another bought outright
  // 57 minutes later in the same session, the return 24 h 6 min after the add but 23 h 9 min after the purchase
  const t = timeline([
    [0, 0, view, 0],
    [0, 0, add, 0],
    [30, 0, view, 1],
    [57, 0, purchase, 1], // buy now: item 1 was never in the cart
    [24 * 60 + 6, 1, view, 2],
    [24 * 60 + 8, 1, view, 3],
    [4 * 24 * 60, 2, view, 2],
  ]);

  it("emptyCartMoments(buy-now purchase, then a return 24 h after the last add) finds the moment at the return", () => {
    const r = emptyCartMoments(t, 24 * HOUR);
    expect(r.moments.map((m) => m.event)).toEqual([4]);
    expect(r.moments[0].expired).toEqual([0]);
    // the clock ran from the add, not from the purchase
    expect(r.moments[0].lastCartActivity).toBe(T0);
    expect(r.orphanPurchases).toBe(1);
  });

  it("the reference detector agrees: a purchase of an item not in the cart leaves the cart clock alone", () => {
    expect(referenceMoments(t, 24 * HOUR).map((m) => m.event)).toEqual([4]);
  });

  it("emptyCartMoments(the same timeline, the bought item carted first) restarts the clock at the purchase: no moment at the return", () => {
    const carted = timeline([
      [0, 0, view, 0],
      [0, 0, add, 0],
      [30, 0, add, 1],
      [57, 0, purchase, 1],
      [24 * 60 + 6, 1, view, 2],
      [24 * 60 + 8, 1, view, 3],
      [4 * 24 * 60, 2, view, 2],
    ]);
    const r = emptyCartMoments(carted, 24 * HOUR);
    // item 0 expires only after 24 h without cart activity from minute 57: the moment is the later return
    expect(r.moments.map((m) => m.event)).toEqual([6]);
    expect(r.moments[0].lastCartActivity).toBe(T0 + 57 * MIN);
    expect(r.orphanPurchases).toBe(0);
  });
});
