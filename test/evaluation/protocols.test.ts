import { describe, expect, it } from "vitest";
import { sessionNextCases } from "../../src/evaluation/protocols/session-next.js";
import { sessionFutureCases } from "../../src/evaluation/protocols/session-future.js";
import { userHoldoutCases } from "../../src/evaluation/protocols/user-holdout.js";
import { emptyCartCases } from "../../src/evaluation/protocols/empty-cart.js";
import { emptyCartMoments } from "../../src/moments/empty-cart-moments.js";
import { knownItems } from "../../src/evaluation/known-items.js";
import { userFacts } from "../../src/evaluation/user-facts.js";
import { resolveCut } from "../../src/evaluation/cut.js";
import { seededRandom } from "../../src/data/random.js";
import { at, session, tableOf } from "./table-fixture.js";

const ids = (t: ReturnType<typeof tableOf>, codes: Int32Array) => Array.from(codes, (c) => t.dicts.item.get(c));

describe("sessionNextCases", () => {
  // cut at minute 100: s1 trains; s2 (u1, returning) and s3 (u2, new) are test sessions
  const t = tableOf([
    ...session("u1", "s1", 0, ["a", "b", "c"]),
    ...session("u1", "s2", 200, ["a", "x", "b", "c"]), // x never occurs before the cut: dropped
    ...session("u2", "s3", 300, ["b", "z"]), // z unknown: the session drops to length 1
    ...session("u3", "s4", 95, ["a", "b"]), // starts before the cut: neither train case nor test session
  ]);
  const cut = at(100);
  const set = sessionNextCases(t, cut, knownItems(t, cut), userFacts(t));

  it("sessionNextCases(table, cut) makes a case per later position of test sessions, unknown items dropped", () => {
    expect(set.cases.map((c) => c.id)).toEqual(["s2:1", "s2:2"]);
    expect(set.cases.map((c) => ids(t, c.targets)[0])).toEqual(["b", "c"]);
    expect(set.cases[1].history.map((e) => t.dicts.item.get(e.item))).toEqual(["a", "b"]);
    expect(set.stats).toEqual({
      testSessions: 2,
      testEvents: 6,
      droppedUnknownItems: 2,
      droppedShortSessions: 1,
      scoredSessions: 1,
      cases: 2,
    });
    expect(set.cases.every((c) => c.returning && c.group === 0)).toBe(true);
  });

  it("the cases never hold an event at or after their target's time", () => {
    for (const c of set.cases) for (const e of c.history) expect(e.ts).toBeLessThan(at(203));
  });
});

describe("sessionFutureCases", () => {
  const t = tableOf([
    ...session("u1", "s1", 0, ["a", "b"]),
    ...session("u1", "s2", 200, ["a", "b", "c", "d", "c"], ["view", "view", "cart_add", "view", "purchase"]),
  ]);
  it("sessionFutureCases cuts each test session at a seeded point; targets are the next view, later carts and orders", () => {
    const set = sessionFutureCases(t, at(100), userFacts(t), seededRandom(7));
    expect(set.cases).toHaveLength(1);
    const c = set.cases[0];
    const cutAt = c.history.length;
    expect(cutAt).toBeGreaterThanOrEqual(1);
    expect(cutAt).toBeLessThanOrEqual(4);
    const future = ["a", "b", "c", "d", "c"].slice(cutAt);
    const kinds = ["view", "view", "cart_add", "view", "purchase"].slice(cutAt);
    expect(ids(t, c.typed!.clicks)).toEqual(future.filter((_, x) => kinds[x] === "view").slice(0, 1));
    expect(ids(t, c.typed!.carts)).toEqual(future.filter((_, x) => kinds[x] === "cart_add"));
    expect(ids(t, c.typed!.orders)).toEqual(future.filter((_, x) => kinds[x] === "purchase"));
    expect(new Set(ids(t, c.targets))).toEqual(new Set(future));
    // same seed, same cut point
    expect(sessionFutureCases(t, at(100), userFacts(t), seededRandom(7)).cases[0].history.length).toBe(cutAt);
  });
});

describe("userHoldoutCases", () => {
  const t = tableOf([
    ...session("u1", "s1", 0, ["a", "b"], ["view", "cart_add"]),
    ...session("u1", "s2", 200, ["b", "c", "d"], ["purchase", "view", "purchase"]),
    ...session("u2", "s3", 10, ["c"]), // no purchase after the cut
    ...session("u3", "s4", 300, ["a"], ["purchase"]), // nothing before the cut
  ]);
  it("userHoldoutCases(table, cut) gives users with history their later purchases as targets", () => {
    const set = userHoldoutCases(t, at(100), userFacts(t), { target: "purchase", horizonMs: Infinity, maxHistory: 50 });
    expect(set.cases.map((c) => c.id)).toEqual(["u1"]);
    expect(ids(t, set.cases[0].targets)).toEqual(["b", "d"]);
    expect(set.cases[0].history.map((e) => t.dicts.item.get(e.item))).toEqual(["a", "b"]);
    expect(set.cases[0].now).toBe(at(100));
    expect(set.cases[0].earlierCart).toBe(true);
    expect(set.stats).toEqual({ usersBeforeCut: 2, usersWithTargetsAfterCut: 2, usersWithoutHistory: 1, cases: 1 });
  });
  it("userHoldoutCases with a horizon keeps only targets soon after the cut", () => {
    const set = userHoldoutCases(t, at(100), userFacts(t), {
      target: "purchase",
      horizonMs: 101 * 60_000,
      maxHistory: 50,
    });
    expect(ids(t, set.cases[0].targets)).toEqual(["b"]);
  });
});

describe("emptyCartMoments", () => {
  const day = 24 * 60;
  const t = tableOf([
    // u1 carts a and b, removes b, leaves; returns 2 days later (a moment, a expired) and buys a
    ...session("u1", "s1", 0, ["a", "b", "b"], ["cart_add", "cart_add", "cart_remove"]),
    ...session("u1", "s2", 2 * day, ["c", "a", "a"], ["view", "cart_add", "purchase"]),
    // u2 carts, returns within the TTL: no moment; then buys something never carted (orphan purchase)
    ...session("u2", "s3", 0, ["a"], ["cart_add"]),
    ...session("u2", "s4", 60, ["d"], ["purchase"]),
    // u3's cart expires, but they add something in the same long session before a new one: no moment
    ...session("u3", "s5", 0, ["e"], ["cart_add"]),
    { user: "u3", session: "s5", item: "f", kind: "cart_add", min: 2 * day },
    ...session("u3", "s6", 2 * day + 10, ["g"]),
  ]);
  it("emptyCartMoments(table, 24h) finds returns to an expired cart, with the expired items", () => {
    const { moments, orphanPurchases, orphanRemoves } = emptyCartMoments(t, 24 * 3_600_000);
    expect(moments).toHaveLength(1);
    expect(t.dicts.user.get(moments[0].user)).toBe("u1");
    expect(moments[0].expired.map((i) => t.dicts.item.get(i))).toEqual(["a"]);
    expect(t.ts[moments[0].event]).toBe(at(2 * day));
    expect(orphanPurchases).toBe(1);
    expect(orphanRemoves).toBe(0);
  });
  it("emptyCartCases targets what the user carts or buys in the moment's session", () => {
    const set = emptyCartCases(t, at(60), userFacts(t), { ttlMs: 24 * 3_600_000, maxHistory: 50 });
    expect(set.cases).toHaveLength(1);
    expect(ids(t, set.cases[0].targets)).toEqual(["a"]);
    expect(set.cases[0].history.map((e) => t.dicts.item.get(e.item))).toEqual(["a", "b", "b"]);
    expect(set.cases[0].now).toBe(at(2 * day));
  });
});

describe("resolveCut", () => {
  const t = tableOf([...session("u1", "s1", 0, ["a"]), ...session("u1", "s2", 1000, ["b"])]);
  it("resolveCut(table) leaves the last 10% of the time span for testing", () => {
    expect(resolveCut(t, {})).toBe(at(900));
    expect(resolveCut(t, { testShare: 0.5 })).toBe(at(500));
  });
  it("resolveCut refuses a cut outside the data", () => {
    expect(() => resolveCut(t, { cut: at(2000) })).toThrow(/leaves no training or no test events/);
  });
});

describe("emptyCartMoments with ttlFrom item-added", () => {
  it("emptyCartMoments(table, ttl, 'item-added') expires items one by one: a moment only once the cart is empty", () => {
    const day = 24 * 60;
    const t = tableOf([
      // a carted on day 0, b carted on day 1 (activity keeps the cart alive under last-activity)
      ...session("u1", "s1", 0, ["a"], ["cart_add"]),
      ...session("u1", "s2", day - 60, ["b"], ["cart_add"]),
      // on day 1.5 a has expired (added 36 h ago) but b has not: the cart is not empty
      ...session("u1", "s3", day + day / 2, ["c"]),
      // on day 3 b has expired too: an empty cart, which lost both
      ...session("u1", "s4", 3 * day, ["d"]),
    ]);
    const byItem = emptyCartMoments(t, 24 * 3_600_000, "item-added").moments;
    expect(byItem.map((m) => t.ts[m.event])).toEqual([at(3 * day)]);
    expect(byItem[0].expired.map((i) => t.dicts.item.get(i))).toEqual(["a", "b"]);
    expect(byItem[0].lastCartActivity).toBe(at(day - 60)); // b's add, the later of the two
    // where the two differ: other cart activity keeps a whole cart alive, not an old item
    const u = tableOf([
      ...session("u2", "s1", 0, ["a", "x", "x"], ["cart_add", "cart_add", "cart_remove"]),
      { user: "u2", session: "s2", item: "y", kind: "cart_remove", min: day - 120 }, // activity, not in the cart
      ...session("u2", "s3", day + 60, ["c"]),
    ]);
    expect(emptyCartMoments(u, 24 * 3_600_000, "item-added").moments).toHaveLength(1);
    expect(emptyCartMoments(u, 24 * 3_600_000, "last-activity").moments).toHaveLength(0);
    // under last-activity both go together, at the first return more than a day after the last add
    const whole = emptyCartMoments(t, 24 * 3_600_000).moments;
    expect(whole.map((m) => t.ts[m.event])).toEqual([at(3 * day)]);
    expect(whole[0].expired.map((i) => t.dicts.item.get(i))).toEqual(["a", "b"]);
  });
});
