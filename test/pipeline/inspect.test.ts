import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { distribution, inspectDataset } from "../../src/pipeline/inspect.js";
import { formatInspect } from "../../src/cli/inspect-format.js";
import { REPO, tempDir } from "../helpers.js";

/**
 * A tiny shop, with every figure computed by hand below. Times are minutes after 2024-01-01 00:00 UTC.
 *   ann: views and carts i1, leaves, comes back 30 h later (a2) with i1 still in the cart: 1 moment;
 *        then carts and buys i2
 *   ben: carts i1 and i2, buys i1, comes back 8.7 h later: within the 24 h cart lifetime
 *   cat: two views 48 h apart, never a cart
 *   dan: carts i4 without viewing, removes it, comes back 34.5 h later to an empty cart
 *   eve: carts i2, back 24.5 h later (moment: 1 item), carts i5 and i6, back 34.8 h later (moment: 2 items)
 */
const SHOP: [string, string, string, string, number][] = [
  ["ann", "a1", "view", "i1", 0],
  ["ann", "a1", "cart", "i1", 6],
  ["ann", "a2", "view", "i2", 1806],
  ["ann", "a2", "cart", "i2", 1812],
  ["ann", "a2", "purchase", "i2", 1818],
  ["ben", "b1", "view", "i1", 60],
  ["ben", "b1", "cart", "i1", 66],
  ["ben", "b1", "cart", "i2", 72],
  ["ben", "b1", "purchase", "i1", 78],
  ["ben", "b2", "view", "i3", 600],
  ["cat", "c1", "view", "i3", 120],
  ["cat", "c2", "view", "i3", 3000],
  ["dan", "d1", "cart", "i4", 300],
  ["dan", "d1", "remove_from_cart", "i4", 330],
  ["dan", "d2", "view", "i4", 2400],
  ["eve", "e1", "view", "i2", 0],
  ["eve", "e1", "cart", "i2", 30],
  ["eve", "e2", "view", "i2", 1500],
  ["eve", "e2", "cart", "i5", 1506],
  ["eve", "e2", "cart", "i6", 1512],
  ["eve", "e3", "view", "i1", 3600],
];

describe("inspect on a hand-made shop", () => {
  const tmp = tempDir();
  const out = tmp.path("shop");

  beforeAll(async () => {
    const t0 = Date.UTC(2024, 0, 1);
    const csv = [
      "ts,user,session,event,item",
      ...SHOP.map(([u, s, e, i, m]) => `${new Date(t0 + m * 60_000).toISOString()},${u},${s},${e},${i}`),
    ].join("\n");
    await ingest({ inputs: [tmp.file("shop.csv", csv)], out });
  });

  it("inspectDataset(dir) counts events by type, users, items, sessions, days and the time span", () => {
    const p = inspectDataset(out);
    expect(p).toMatchObject({
      dataset: out,
      events: 21,
      users: 5,
      items: 6,
      sessions: 11,
      rejected: 0,
      rejectedByReason: {},
    });
    expect(p.eventsByType).toEqual({
      view: 10,
      cart_add: 8,
      cart_remove: 1,
      wishlist_add: 0,
      wishlist_remove: 0,
      purchase: 2,
      return: 0,
      checkout: 0,
    });
    expect(p.timeSpan).toEqual({ from: "2024-01-01T00:00:00.000Z", to: "2024-01-03T12:00:00.000Z", days: 2.5 });
    expect(p.eventsPerDay).toEqual([
      { day: "2024-01-01", events: 12 },
      { day: "2024-01-02", events: 7 },
      { day: "2024-01-03", events: 2 },
    ]);
  });

  it("inspectDataset(dir) gives session and user history length distributions (nearest rank)", () => {
    const p = inspectDataset(out);
    // session sizes 1,1,1,1,1,2,2,2,3,3,4
    expect(p.sessionLength).toEqual({
      count: 11,
      mean: 1.909091,
      min: 1,
      p25: 1,
      p50: 2,
      p75: 3,
      p90: 3,
      p99: 4,
      max: 4,
    });
    // events per user: cat 2, dan 3, ann 5, ben 5, eve 6
    expect(p.userHistoryLength).toEqual({
      count: 5,
      mean: 4.2,
      min: 2,
      p25: 3,
      p50: 5,
      p75: 5,
      p90: 6,
      p99: 6,
      max: 6,
    });
  });

  it("inspectDataset(dir) computes the view -> cart -> purchase funnel by user and by session", () => {
    const { funnel } = inspectDataset(out);
    // users: all 5 viewed; ann, ben, dan, eve carted (all four also viewed); ann and ben bought
    expect(funnel.byUser).toEqual({
      total: 5,
      view: 5,
      cart_add: 4,
      purchase: 2,
      viewToCart: 0.8,
      cartToPurchase: 0.5,
      viewToPurchase: 0.4,
    });
    // sessions: all but d1 viewed; a1 a2 b1 d1 e1 e2 carted (d1 without a view); a2 and b1 bought
    expect(funnel.bySession).toEqual({
      total: 11,
      view: 10,
      cart_add: 6,
      purchase: 2,
      viewToCart: 0.5,
      cartToPurchase: 0.333333,
      viewToPurchase: 0.2,
    });
  });

  it("inspectDataset(dir) counts sessions that added to the cart and did not buy as abandoned", () => {
    // a1, d1, e1, e2 abandoned; a2 and b1 bought
    expect(inspectDataset(out).cartAbandonment).toEqual({ sessionsWithCart: 6, abandoned: 4, rate: 0.666667 });
  });

  it("inspectDataset(dir) finds the empty-cart moments with the default 24 h cart lifetime", () => {
    expect(inspectDataset(out).emptyCartAudience).toEqual({
      cartTtlHours: 24,
      users: 5,
      usersReturningAfterTtl: 4, // ann (30 h), cat (48 h), dan (34.5 h), eve (24.5 h and 34.8 h)
      usersWithCart: 4,
      usersReturningToExpiredCart: 2, // ann, eve (dan's cart was empty, ben came back in time)
      share: 0.4,
      shareOfCartUsers: 0.5,
      moments: 3, // ann once, eve twice
      expiredItems: 4, // ann {i1}, eve {i2} then {i5, i6}
    });
  });

  it("inspectDataset(dir, { cartTtlMs: 30 h }) measures the lifetime from the last cart activity, not the last event", () => {
    // ann's view at exactly 30 h after her cart_add is in time; her cart_add 6 min later (30.1 h after the cart was
    // last touched) clears it, but in the same session and with a new item: no empty cart on return (replay's rule).
    // eve's 24.5 h return is in time, so her 34.8 h return (59.5 h after the cart was last touched) finds i2, i5, i6.
    expect(inspectDataset(out, { cartTtlMs: 30 * 3_600_000 }).emptyCartAudience).toEqual({
      cartTtlHours: 30,
      users: 5,
      usersReturningAfterTtl: 3, // cat, dan, eve: ann's 30 h gap is not more than 30 h
      usersWithCart: 4,
      usersReturningToExpiredCart: 1, // eve
      share: 0.2,
      shareOfCartUsers: 0.25,
      moments: 1,
      expiredItems: 3,
    });
  });

  it("inspectDataset(dir, { top }) ranks items by views + carts + purchases, ties by first appearance", () => {
    expect(inspectDataset(out, { top: 3 }).topItems).toEqual([
      { item: "i2", events: 7, view: 3, cart_add: 3, purchase: 1 },
      { item: "i1", events: 6, view: 3, cart_add: 2, purchase: 1 },
      { item: "i3", events: 3, view: 3, cart_add: 0, purchase: 0 },
    ]);
    expect(inspectDataset(out).topItems.map((t) => [t.item, t.events])).toEqual([
      ["i2", 7],
      ["i1", 6],
      ["i3", 3],
      ["i4", 2], // the cart_remove is not counted
      ["i5", 1],
      ["i6", 1],
    ]);
  });

  it("inspectDataset(dir) adds the manifest's rejections to the profile: none for the 21 rows of the shop", () => {
    const p = inspectDataset(out);
    expect(p.rejected).toBe(0);
    expect(p.rejectedByReason).toEqual({});
    expect(p.events).toBe(SHOP.length);
  });
});

describe("inspect on the OTTO sample (datasets/otto-20-sessions)", () => {
  const tmp = tempDir();
  const out = tmp.path("otto");

  beforeAll(async () => {
    await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out });
  });

  // Expected figures re-computed from the raw JSON Lines with an independent script (OTTO session =
  // user; visits split after more than 30 minutes without an event).
  it("inspectDataset(otto) profiles 862 events of 20 users in 144 visits over 29 calendar days", () => {
    const p = inspectDataset(out);
    expect(p).toMatchObject({ events: 862, users: 20, sessions: 144, items: 510 });
    expect(p.eventsPerDay).toHaveLength(29);
    expect(p.eventsPerDay.reduce((s, d) => s + d.events, 0)).toBe(862);
    expect(p.sessionLength).toEqual({
      count: 144,
      mean: 5.986111,
      min: 1,
      p25: 1,
      p50: 3,
      p75: 6,
      p90: 12,
      p99: 49,
      max: 58,
    });
    expect(p.userHistoryLength).toEqual({
      count: 20,
      mean: 43.1,
      min: 2,
      p25: 2,
      p50: 4,
      p75: 23,
      p90: 204,
      p99: 276,
      max: 276,
    });
  });

  it("inspectDataset(otto) finds 7 of 20 users carting and 3 ordering; 17 of 21 visits with a cart add end without an order", () => {
    const p = inspectDataset(out);
    expect(p.funnel.byUser).toEqual({
      total: 20,
      view: 20,
      cart_add: 7,
      purchase: 3,
      viewToCart: 0.35,
      cartToPurchase: 0.428571,
      viewToPurchase: 0.15,
    });
    expect(p.funnel.bySession).toEqual({
      total: 144,
      view: 144,
      cart_add: 21,
      purchase: 5,
      viewToCart: 0.145833,
      cartToPurchase: 0.190476,
      viewToPurchase: 0.034722,
    });
    expect(p.cartAbandonment).toEqual({ sessionsWithCart: 21, abandoned: 17, rate: 0.809524 });
  });

  it("inspectDataset(otto) finds 9 empty-cart moments among 4 users returning after 24 h to a cart with items", () => {
    expect(inspectDataset(out).emptyCartAudience).toEqual({
      cartTtlHours: 24,
      users: 20,
      usersReturningAfterTtl: 9,
      usersWithCart: 7,
      usersReturningToExpiredCart: 4,
      share: 0.2,
      shareOfCartUsers: 0.571429,
      moments: 9,
      expiredItems: 30,
    });
  });

  it("inspectDataset(otto) lists the most active aids first", () => {
    expect(inspectDataset(out, { top: 3 }).topItems).toEqual([
      { item: "1329892", events: 27, view: 27, cart_add: 0, purchase: 0 },
      { item: "1343406", events: 16, view: 14, cart_add: 1, purchase: 1 },
      { item: "303479", events: 15, view: 15, cart_add: 0, purchase: 0 },
    ]);
  });
});

describe("distribution", () => {
  it("distribution(values) gives nearest-rank quantiles, and zeros for no values", () => {
    expect(distribution(Float64Array.from([10, 1, 4, 2, 3]))).toEqual({
      count: 5,
      mean: 4,
      min: 1,
      p25: 2,
      p50: 3,
      p75: 4,
      p90: 10,
      p99: 10,
      max: 10,
    });
    expect(distribution(new Float64Array(0))).toEqual({
      count: 0,
      mean: 0,
      min: 0,
      p25: 0,
      p50: 0,
      p75: 0,
      p90: 0,
      p99: 0,
      max: 0,
    });
  });
});

describe("inspect on a span under a day", () => {
  const tmp2 = tempDir("cartlift-inspect-hours-");
  it("inspectDataset on a 2-hour log counts events per clock hour and the text says events/hour, not events/day", async () => {
    const rows = ["user_id,item_id,ts,event"];
    // 3 events in 10:xx, 2 in 11:xx, 1 at 12:00 (a span of exactly 2 hours)
    for (const ts of ["10:00", "10:20", "10:40", "11:10", "11:50", "12:00"])
      rows.push(`u1,i1,2024-03-01T${ts}:00Z,view`);
    const data = tmp2.path("d");
    await ingest({ inputs: [tmp2.file("two-hours.csv", rows.join("\n") + "\n")], out: data });
    const p = inspectDataset(data);
    expect(p.eventsPerHour).toEqual([
      { hour: "2024-03-01T10:00Z", events: 3 },
      { hour: "2024-03-01T11:00Z", events: 2 },
      { hour: "2024-03-01T12:00Z", events: 1 },
    ]);
    const text = formatInspect(p);
    expect(text).toContain("(2.00 hours, under a day: 3 clock hour(s), 2 events/hour");
    expect(text).not.toMatch(/\d events\/day/);
  });
});
