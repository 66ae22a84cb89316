import { describe, expect, it } from "vitest";
import type { EventTable } from "../../src/data/event-table.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { Measure } from "../../src/segments/compiled-rules.js";
import { RuleMeasurer } from "../../src/segments/rule-measurer.js";
import { userStarts } from "../../src/segments/scan-users.js";
import { seeded } from "../helpers.js";
import { day, eventTable, type Ev } from "./segment-fixture.js";

const HOUR = 36e5;
const KINDS = ["view", "cart_add", "purchase", "wishlist_add"] as const;

/** Users whose events sit on a whole-hour grid, so window edges fall exactly on events. */
function randomEvents(rand: () => number, users: number): Ev[] {
  const events: Ev[] = [];
  for (let u = 0; u < users; u++) {
    const n = Math.floor(rand() * 14);
    for (let k = 0; k < n; k++) {
      const kind = KINDS[Math.floor(rand() * KINDS.length)];
      const buy = kind === "purchase";
      events.push({
        user: `u${u}`,
        d: Math.floor(rand() * 72) / 24,
        kind,
        item: `i${Math.floor(rand() * 4)}`,
        category: rand() < 0.2 ? undefined : `c${Math.floor(rand() * 3)}`,
        session: `s${Math.floor(rand() * 4)}`,
        order: buy && rand() < 0.6 ? `o${Math.floor(rand() * 4)}` : undefined,
        price: buy && rand() < 0.85 ? 1 + Math.floor(rand() * 50) : undefined,
        quantity: 1 + Math.floor(rand() * 3),
      });
    }
  }
  return events;
}

function randomMeasures(rand: () => number, t: EventTable): Measure[] {
  const windows = [HOUR, 6 * HOUR, 24 * HOUR, 48 * HOUR, Infinity];
  const window = () => windows[Math.floor(rand() * windows.length)];
  const kind = () => EventKind[KINDS[Math.floor(rand() * KINDS.length)]];
  const mask = (size: number) => (rand() < 0.5 ? null : Uint8Array.from({ length: size }, () => +(rand() < 0.5)));
  return [
    { type: "count", kind: kind(), windowMs: window(), categories: mask(t.dicts.category.size), items: null },
    { type: "count", kind: kind(), windowMs: window(), categories: null, items: mask(t.dicts.item.size) },
    { type: "since", kind: kind() },
    { type: "orders", windowMs: window() },
    { type: "orderValue", windowMs: window() },
  ];
}

/** The measures of rows [from, to), written the obvious way from their definitions in docs/segments.md. */
function oracle(t: EventTable, m: Measure, from: number, to: number, at: number): number {
  const rows = Array.from({ length: to - from }, (_, x) => from + x);
  if (m.type === "since") {
    const times = rows.filter((i) => t.kind[i] === m.kind).map((i) => t.ts[i]);
    return times.length ? at - Math.max(...times) : Infinity;
  }
  const inWindow = (i: number) => t.ts[i] >= at - m.windowMs;
  if (m.type === "count")
    return rows.filter(
      (i) =>
        t.kind[i] === m.kind &&
        inWindow(i) &&
        (m.categories === null || (t.category[i] >= 0 && m.categories[t.category[i]] === 1)) &&
        (m.items === null || m.items[t.item[i]] === 1),
    ).length;
  const purchases = rows.filter((i) => t.kind[i] === EventKind.purchase);
  if (m.type === "orderValue")
    return purchases
      .filter(inWindow)
      .map((i) => t.price[i] * t.quantity[i])
      .filter((v) => !Number.isNaN(v))
      .reduce((a, b) => a + b, 0);
  // an order (or, without an order id, a session's purchases) counts when its first purchase row is in the window
  const first = new Map<string, number>();
  for (const i of purchases) {
    const key = t.order[i] >= 0 ? `order ${t.order[i]}` : `session ${t.session[i]}`;
    if (!first.has(key)) first.set(key, i);
  }
  return [...first.values()].filter(inWindow).length;
}

describe("RuleMeasurer.measure(u, from, to, at)", () => {
  it("agrees with the definitions on 300 random shops, with events on the window edges", () => {
    const rand = seeded(25);
    let compared = 0;
    for (let shop = 0; shop < 300; shop++) {
      const t = eventTable(randomEvents(rand, 1 + Math.floor(rand() * 5)));
      const measures = randomMeasures(rand, t);
      const starts = userStarts(t);
      const users = starts.length - 1;
      const at = day(Math.floor(rand() * 80) / 24);
      const measurer = new RuleMeasurer(t, measures);
      measurer.reset(users);
      const expected: number[] = [];
      for (let u = 0; u < users; u++) {
        let to = starts[u];
        while (to < starts[u + 1] && t.ts[to] < at) to++;
        measurer.measure(u, starts[u], to, at);
        for (const m of measures) expected.push(oracle(t, m, starts[u], to, at));
      }
      expect(Array.from(measurer.values)).toEqual(expected);
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(3000);
  });

  it("counts an order once, by its first row, and a purchase without an order id by its session", () => {
    const t = eventTable([
      { user: "a", d: 1, kind: "purchase", order: "o1", session: "s1", price: 10 },
      { user: "a", d: 3, kind: "purchase", order: "o1", session: "s2", price: 5, quantity: 2 },
      { user: "a", d: 3, kind: "purchase", session: "s2", price: 7 },
      { user: "a", d: 3.5, kind: "purchase", session: "s2" },
      { user: "a", d: 4, kind: "view", session: "s3" },
    ]);
    const measures: Measure[] = [
      { type: "orders", windowMs: 2 * 24 * HOUR },
      { type: "orders", windowMs: Infinity },
      { type: "orderValue", windowMs: 2 * 24 * HOUR },
      { type: "since", kind: EventKind.purchase },
      { type: "since", kind: EventKind.cart_add },
    ];
    const m = new RuleMeasurer(t, measures);
    m.reset(1);
    m.measure(0, 0, 5, day(5));
    // o1 began on day 1, outside the 2-day window; its day-3 row still adds value (10 + 7; the unpriced row adds 0)
    expect(Array.from(m.values)).toEqual([1, 2, 17, 1.5 * 24 * HOUR, Infinity]);
  });
});
