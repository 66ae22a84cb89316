import { describe, expect, it } from "vitest";
import { abandonedCartMoments } from "../../src/moments/abandoned-cart-moments.js";
import { addToCartMoments } from "../../src/moments/add-to-cart-moments.js";
import { emptyCartMoments } from "../../src/moments/empty-cart-moments.js";
import type { MomentKind } from "../../src/moments/moment-kind.js";
import { MOMENT_KINDS, MOMENT_NAMES, momentKind } from "../../src/moments/registry.js";
import { UsageError } from "../../src/errors.js";
import { HOUR, MINUTE, T0, timeline } from "./timeline.js";

const TTL = 24 * HOUR;
const kind = (name: keyof typeof MOMENT_KINDS) => MOMENT_KINDS[name] as unknown as MomentKind<{ event: number }>;

/** u: a cart of a and b, a return 33 h later (the cart expired); v: one add, the user's last row; w: a view. */
function shop() {
  return timeline([
    ["u", "s1", 0, "cart_add", "a", 10],
    ["u", "s1", 1, "cart_add", "b", 4],
    ["u", "s2", 2000, "view", "c"],
    ["v", "s3", 0, "cart_add", "d", 5],
    ["w", "s4", 0, "view", "e"],
  ]);
}

describe("the moment registry", () => {
  it("MOMENT_NAMES lists the four kinds, each under its own name", () => {
    expect(MOMENT_NAMES).toEqual(["empty-cart", "add-to-cart", "abandoned-cart", "price-drop"]);
    for (const name of MOMENT_NAMES) expect(MOMENT_KINDS[name].name).toBe(name);
  });

  it("each kind's default TTL and policies are the documented ones (docs/replay*.md, docs/prices.md)", () => {
    const defaults = MOMENT_NAMES.map((n) => [n, MOMENT_KINDS[n].defaultTtl, MOMENT_KINDS[n].defaultPolicies]);
    expect(defaults).toEqual([
      ["empty-cart", "24h", ["history", "covis", "covis:0.5+history:0.5"]],
      [
        "add-to-cart",
        "24h",
        [
          "covis[matrices=covisit|cart2buy,matrix=cart2buy]",
          "covis[matrices=buy2buy,matrix=buy2buy]",
          "covis[matrix=covisit]",
          "history",
          "popular",
        ],
      ],
      ["abandoned-cart", "7d", ["history", "covis", "covis:0.5+history:0.5"]],
      ["price-drop", "24h", ["popular", "covis"]],
    ]);
  });

  it("each cart kind's detect(t, rules) is its detector with the TTL and what it runs from", () => {
    const t = timeline([
      ["u", "s1", 0, "cart_add", "a", 10],
      ["u", "s1", 60, "cart_add", "b", 4],
      ["u", "s1", 1200, "cart_remove", "b"], // keeps a under last-activity, not under item-added
      ["u", "s2", 1500, "view", "c"],
    ]);
    for (const ttlFrom of ["last-activity", "item-added"] as const) {
      const rules = { ttlMs: TTL, ttlFrom };
      expect(kind("empty-cart").detect(t, rules)).toEqual(emptyCartMoments(t, TTL, ttlFrom));
      expect(kind("add-to-cart").detect(t, rules)).toEqual(addToCartMoments(t, TTL, ttlFrom));
      expect(kind("abandoned-cart").detect(t, rules)).toEqual(abandonedCartMoments(t, TTL, ttlFrom));
    }
    expect(kind("empty-cart").detect(t, { ttlMs: TTL, ttlFrom: "item-added" }).moments.length).toBe(1);
    expect(kind("empty-cart").detect(t, { ttlMs: TTL, ttlFrom: "last-activity" }).moments.length).toBe(0);
  });

  it("empty-cart's replayMoment seeds with the history before the return and counts outcomes from it", () => {
    const t = shop();
    const k = kind("empty-cart");
    const ms = k.detect(t, { ttlMs: TTL, ttlFrom: "last-activity" }).moments;
    expect(ms.map((m) => k.rowOf(m))).toEqual([2]);
    expect(k.replayMoment(t, ms[0])).toEqual({
      event: 2,
      user: t.user[2],
      seedEnd: 2,
      now: T0 + 2000 * MINUTE,
      exclude: [],
      outcomeFrom: 2,
    });
  });

  it("add-to-cart's replayMoment seeds with the add, excludes the cart and the item, and counts outcomes after it", () => {
    const t = shop();
    const k = kind("add-to-cart");
    const ms = k.detect(t, { ttlMs: TTL, ttlFrom: "last-activity" }).moments;
    const items = (codes: readonly number[]) => codes.map((c) => t.dicts.item.get(c));
    expect(ms.map((m) => k.rowOf(m))).toEqual([0, 1, 3]);
    const replays = ms.map((m) => k.replayMoment(t, m));
    expect(replays.map((r) => [r.event, r.seedEnd, r.now, items(r.exclude), r.outcomeFrom])).toEqual([
      [0, 1, T0, ["a"], 1],
      [1, 2, T0 + MINUTE, ["b", "a"], 2],
      [3, 4, T0, ["d"], -1], // v's last row: no outcome can follow (w's row is another user's)
    ]);
    expect(replays.map((r) => r.user)).toEqual([t.user[0], t.user[1], t.user[3]]);
  });

  it("abandoned-cart's replayMoment seeds with everything up to the abandonment and counts outcomes from the return", () => {
    const t = shop();
    const k = kind("abandoned-cart");
    const ms = k.detect(t, { ttlMs: TTL, ttlFrom: "last-activity" }).moments;
    expect(ms.map((m) => k.rowOf(m))).toEqual([1, 3]);
    expect(ms.map((m) => k.replayMoment(t, m))).toEqual([
      { event: 1, user: t.user[1], seedEnd: 2, now: T0 + MINUTE, exclude: [], outcomeFrom: 2 },
      { event: 3, user: t.user[3], seedEnd: 4, now: T0, exclude: [], outcomeFrom: -1 },
    ]);
  });

  it("a moment on the table's last row has no outcome row", () => {
    const t = timeline([
      ["u", "s1", 0, "view", "x"],
      ["u", "s1", 1, "cart_add", "a", 10],
    ]);
    const k = kind("add-to-cart");
    const m = k.detect(t, { ttlMs: TTL, ttlFrom: "last-activity" }).moments[0];
    expect(k.replayMoment(t, m).outcomeFrom).toBe(-1);
  });

  it("momentKind(name) returns the registered kind", () => {
    for (const name of MOMENT_NAMES) expect(momentKind(name)).toBe(MOMENT_KINDS[name]);
  });

  it("momentKind(unknown, context) is a usage error naming the context, the name and the known moments", () => {
    const err = (() => {
      try {
        momentKind("cart", "evaluate");
      } catch (e) {
        return e as UsageError;
      }
    })();
    expect(err).toBeInstanceOf(UsageError);
    expect(err!.message).toBe(
      'evaluate: "cart" is not a moment; the moments are empty-cart, add-to-cart, abandoned-cart, price-drop',
    );
    expect(err!.hint).toBe("e.g. cartlift replay empty-cart --data <dataset>");
    expect(() => momentKind("toString")).toThrow('replay: "toString" is not a moment');
  });
});
