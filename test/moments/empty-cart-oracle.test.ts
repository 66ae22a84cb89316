import { describe, expect, it } from "vitest";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import { emptyCartMoments } from "../../src/moments/empty-cart-moments.js";
import { profileTable } from "../../src/pipeline/inspect.js";
import { referenceMoments } from "../oracles/empty-cart.js";
import { randomCarts } from "./random-carts.js";

const HOUR = 3_600_000;
const TTL = 24 * HOUR;

describe("emptyCartMoments against a deliberately simple reference detector", () => {
  for (const ttlFrom of ["last-activity", "item-added"] as const) {
    it(`emptyCartMoments(random carts, 24 h, ${ttlFrom}) finds the reference's moments, items, values and times`, () => {
      let total = 0;
      let withValue = 0;
      for (let seed = 1; seed <= 20; seed++) {
        const t = randomCarts(seed, 30, 40);
        const want = referenceMoments(t, TTL, ttlFrom);
        const got = emptyCartMoments(t, TTL, ttlFrom).moments;
        expect(
          got.map((m) => m.event),
          `seed ${seed}`,
        ).toEqual(want.map((m) => m.event));
        got.forEach((m, x) => {
          expect(m.user).toBe(want[x].user);
          expect(m.expired, `seed ${seed} moment ${x}`).toEqual(want[x].expired);
          expect(m.expiredValue).toBeCloseTo(want[x].expiredValue, 9);
          expect(m.lastCartActivity).toBe(want[x].lastCartActivity);
        });
        total += want.length;
        withValue += want.filter((m) => m.expiredValue > 0).length;
      }
      expect(total).toBeGreaterThan(100); // the timelines do exercise the detector
      expect(withValue).toBeGreaterThan(50);
    });
  }

  it("emptyCartMoments treats a return exactly one TTL after the last cart activity as in time", () => {
    const t = randomCarts(1, 1, 1); // reuse the shape: one user, rebuilt below
    const at = (h: number) => 1_700_000_000_000 + h * HOUR;
    const table: EventTable = {
      ...t,
      length: 3,
      ts: Float64Array.from([at(0), at(24), at(48.5)]),
      user: new Int32Array(3),
      session: Int32Array.from([0, 1, 2]),
      item: Int32Array.from([0, 1, 2]),
      kind: Uint8Array.from([EventKind.cart_add, EventKind.view, EventKind.view]),
      price: Float64Array.from([10, NaN, NaN]),
      quantity: Int32Array.from([2, 1, 1]),
      category: new Int32Array(3).fill(-1),
      order: new Int32Array(3).fill(-1),
    };
    const got = emptyCartMoments(table, TTL).moments;
    // 24 h after the add is not more than the TTL; 48.5 h after it is (the view at 24 h is no cart activity)
    expect(got.map((m) => m.event)).toEqual([2]);
    expect(got[0].expiredValue).toBe(20);
    expect(referenceMoments(table, TTL).map((m) => m.event)).toEqual([2]);
  });

  it("profileTable(table).emptyCartAudience counts the reference's moments, expired items and users", () => {
    for (let seed = 30; seed < 35; seed++) {
      const t = randomCarts(seed, 40, 40);
      const want = referenceMoments(t, TTL);
      const got = profileTable(t, { cartTtlMs: TTL }).emptyCartAudience;
      expect(got.moments).toBe(want.length);
      expect(got.expiredItems).toBe(want.reduce((s, m) => s + m.expired.length, 0));
      expect(got.usersReturningToExpiredCart).toBe(new Set(want.map((m) => m.user)).size);
    }
  });
});
