import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import type { LoggedSlate } from "../../src/io/read-exposures.js";
import { contextualRewardModel } from "../../src/replay/estimators/reward-model.js";
import { netHit } from "../../src/replay/estimators/net-hits.js";
import { seeded } from "../helpers.js";

/**
 * Users who each viewed items 0-3, carted item 0 (never bought) and bought item 1 after carting it, then saw a logged
 * slate of items 0-5 at their last event; the clicks follow a known rule: carted-not-bought 40%, seen 10%, new 2%.
 */
function shop(users: number, seed: number): { t: EventTable; slates: LoggedSlate[] } {
  const rnd = seeded(seed);
  const rows: [number, number, number][] = []; // user, kind, item
  const slates: LoggedSlate[] = [];
  const chance = [0.4, 0.1, 0.1, 0.1, 0.02, 0.02];
  for (let u = 0; u < users; u++) {
    for (const item of [0, 1, 2, 3]) rows.push([u, EventKind.view, item]);
    rows.push([u, EventKind.cart_add, 0], [u, EventKind.cart_add, 1], [u, EventKind.purchase, 1]);
    rows.push([u, EventKind.view, 7]);
    const items = Int32Array.of(0, 1, 2, 3, 4, 5);
    slates.push({
      user: u,
      ts: 0,
      event: rows.length - 1,
      items,
      propensity: new Float64Array(6).fill(1),
      click: Uint8Array.from(items, (i) => (rnd() < chance[i] ? 1 : 0)),
      order: new Uint8Array(6),
    });
  }
  const n = rows.length;
  const t: EventTable = {
    length: n,
    ts: Float64Array.from(rows, (_, x) => x * 1000),
    user: Int32Array.from(rows, (r) => r[0]),
    session: Int32Array.from(rows, (r) => r[0]),
    item: Int32Array.from(rows, (r) => r[2]),
    kind: Uint8Array.from(rows, (r) => r[1]),
    price: new Float64Array(n).fill(NaN),
    quantity: new Int32Array(n).fill(1),
    category: new Int32Array(n).fill(-1),
    order: new Int32Array(n).fill(-1),
    dicts: {
      user: Dictionary.fromStrings(Array.from({ length: users }, (_, u) => `u${u}`)),
      session: Dictionary.fromStrings(Array.from({ length: users }, (_, u) => `s${u}`)),
      item: Dictionary.fromStrings(Array.from({ length: 8 }, (_, i) => `i${i}`)),
      category: new Dictionary(),
      order: new Dictionary(),
    },
  };
  return { t, slates };
}

describe("contextualRewardModel", () => {
  it("contextualRewardModel(...).predict recovers the click rule from the history: carted-not-bought, seen, new", () => {
    const { t, slates } = shop(4000, 3);
    const m = contextualRewardModel(t, slates, "click", () => 0.1);
    // the item rate is the same for all here, so the history signals carry the rule
    expect(m.predict(0, 0)).toBeGreaterThan(0.35);
    expect(m.predict(0, 0)).toBeLessThan(0.45);
    expect(m.predict(0, 1)).toBeGreaterThan(0.08); // carted, then bought: seen only
    expect(m.predict(0, 1)).toBeLessThan(0.12);
    expect(m.predict(0, 4)).toBeGreaterThan(0.01);
    expect(m.predict(0, 4)).toBeLessThan(0.03);
    // an item never logged nor seen: the new-item rate
    expect(m.predict(0, 6)).toBeCloseTo(m.predict(0, 5), 12);
  });
});

describe("netHit", () => {
  const outcome = { carted: new Set([2]), bought: new Set([3]), any: true };
  it("netHit counts a carted or bought shown item outside the left-out set, and nothing else", () => {
    expect(netHit(Int32Array.of(1, 2), outcome, [])).toBe(1);
    expect(netHit(Int32Array.of(1, 2), outcome, [2])).toBe(0);
    expect(netHit(Int32Array.of(1, 2, 3), outcome, new Set([2]))).toBe(1);
    expect(netHit(Int32Array.of(4, 5), outcome, [])).toBe(0);
  });
});
