import { describe, expect, it } from "vitest";
import { seededRandom } from "../../src/data/random.js";
import { parseRules } from "../../src/segments/parse-rules.js";
import { segmentsAt } from "../../src/segments/segments-at.js";
import { INTENT_SEGMENTS } from "../../src/segments/segment-names.js";
import type { SegmentSnapshot } from "../../src/segments/snapshot.js";
import { eventTable, type Ev } from "./segment-fixture.js";

const KINDS: Ev["kind"][] = [
  "view",
  "view",
  "view",
  "view",
  "view",
  "cart_add",
  "cart_remove",
  "wishlist_add",
  "purchase",
];

/** Random shoppers: sessions of mixed events over [fromDay, toDay), with categories, prices and order ids. */
function shoppers(users: string[], fromDay: number, toDay: number, seed: number): Ev[] {
  const random = seededRandom(seed);
  const out: Ev[] = [];
  for (const user of users) {
    let d = fromDay + random() * (toDay - fromDay);
    const sessions = 1 + Math.floor(random() * 8);
    for (let s = 0; s < sessions && d < toDay; s++) {
      const session = `${user}-${seed}-${s}`;
      const n = 1 + Math.floor(random() * 10);
      for (let e = 0; e < n; e++) {
        const item = Math.floor(random() * 20);
        const kind = KINDS[Math.floor(random() * KINDS.length)];
        const price = random() < 0.8 ? 10 : 12;
        const order = kind === "purchase" ? session : undefined;
        out.push({ user, d: d + e * 0.001, kind, item: `i${item}`, category: `c${item % 3}`, session, price, order });
      }
      d += random() * (random() < 0.3 ? 40 : 6);
    }
  }
  return out;
}

/** Everything of a snapshot that rests on the past (the horizon columns look ahead by design). */
function past(s: SegmentSnapshot) {
  return [s.present, s.lifecycle, s.intent, s.custom, s.orders, s.value, s.lastOrder, s.rfm, s.rfmGroup];
}

describe("point in time", () => {
  const users = Array.from({ length: 400 }, (_, x) => `u${x}`);
  const before = shoppers(users, 0, 150, 1);
  const at = Date.parse("2024-03-01T00:00:00Z") + 150 * 86_400_000;
  const rules = JSON.stringify({
    segments: {
      viewer: { count: { event: "view", within: "7d", atLeast: 3 } },
      lapsed: { all: [{ since: { event: "purchase", moreThan: "20d" } }, { not: { segment: "dormant" } }] },
      big: { orderValue: { atLeast: 50, within: "60d" } },
    },
  });

  it("segmentsAt(table, at) changes no membership when events after --at are appended (every built-in segment)", () => {
    const base = eventTable(before);
    const s = segmentsAt(base, at, { rules: parseRules(rules, "r.json", base) });
    // the test can only fail if every segment has members to lose or gain
    for (let b = 0; b < INTENT_SEGMENTS.length; b++)
      expect(s.intent.filter((x) => (x >> b) & 1).length, INTENT_SEGMENTS[b]).toBeGreaterThan(0);
    for (let l = 0; l < 4; l++) expect(s.lifecycle.filter((x) => x === l).length).toBeGreaterThan(0);
    // later events for the same users, and for new users
    const after = [...before, ...shoppers(users, 150, 200, 2), ...shoppers(["new1", "new2"], 150, 160, 3)];
    const later = eventTable(after);
    const t = segmentsAt(later, at, { rules: parseRules(rules, "r.json", later) });
    const cut = (a: ArrayLike<number>, per: number) => Array.from(a).slice(0, users.length * per);
    const [sp, tp] = [past(s), past(t)];
    expect(tp[0]).toBe(sp[0]);
    const per = [1, 1, 1, 3, 1, 1, 1, 3, 1];
    for (let x = 1; x < sp.length; x++)
      expect(cut(tp[x] as ArrayLike<number>, per[x]), `column ${x}`).toEqual(cut(sp[x] as ArrayLike<number>, per[x]));
    // and the appended events do show up in the horizon after --at
    expect(t.futureBuyer.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(s.futureBuyer.reduce((a, b) => a + b, 0)).toBe(0);
  });
});
