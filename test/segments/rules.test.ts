import { describe, expect, it } from "vitest";
import { parseRules, RulesError } from "../../src/segments/parse-rules.js";
import { segmentsAt } from "../../src/segments/segments-at.js";
import { day, eventTable, type Ev } from "./segment-fixture.js";

const events: Ev[] = [
  // a: 3 views in category shoes over the last week, one order of 120
  { user: "a", d: 1, kind: "view", item: "s1", category: "shoes" },
  { user: "a", d: 2, kind: "view", item: "s2", category: "shoes" },
  { user: "a", d: 3, kind: "view", item: "s1", category: "shoes" },
  { user: "a", d: 3.5, kind: "purchase", item: "s1", category: "shoes", order: "o1", price: 60, quantity: 2 },
  // b: views of hats only, a wish, never bought
  { user: "b", d: 2, kind: "view", item: "h1", category: "hats" },
  { user: "b", d: 2.1, kind: "wishlist_add", item: "h1", category: "hats" },
];
const table = eventTable(events);

/** Custom segment names of each user at `at`. */
function custom(rules: object, at: number): Record<string, string[]> {
  const compiled = parseRules(JSON.stringify(rules), "segments.json", table);
  const s = segmentsAt(table, at, { rules: compiled });
  const out: Record<string, string[]> = {};
  for (const user of ["a", "b"]) {
    const u = table.dicts.user.lookup(user);
    out[user] = compiled.names.filter((_, x) => s.custom[u * s.customCount + x] === 1);
  }
  return out;
}

describe("parseRules(text, file, table) and custom membership", () => {
  it("counts events of a type in a window, restricted to a category", () => {
    const rules = {
      segments: { "shoe-fan": { count: { event: "view", within: "7d", category: "shoes", atLeast: 3 } } },
    };
    expect(custom(rules, day(4))).toEqual({ a: ["shoe-fan"], b: [] });
    // the day-1 view leaves the 7-day window after day 8
    expect(custom(rules, day(8) + 1)).toEqual({ a: [], b: [] });
  });

  it("combines all / any / not with orders, order value, lifecycle, time since and other segments", () => {
    const rules = {
      segments: {
        spender: { orderValue: { atLeast: 120 } },
        "not-spender": { not: { segment: "spender" } },
        "fresh-wisher": { all: [{ since: { event: "wishlist_add", lessThan: "1d" } }, { lifecycle: "new-visitor" }] },
        either: { any: [{ orders: { atLeast: 1, within: "30d" } }, { segment: "wishlister-not-carter" }] },
      },
    };
    expect(custom(rules, day(3))).toEqual({
      a: ["not-spender"], // the order comes at day 3.5
      b: ["not-spender", "fresh-wisher", "either"],
    });
    expect(custom(rules, day(4))).toEqual({ a: ["spender", "either"], b: ["not-spender", "either"] });
  });

  it("restricts a count to an item set", () => {
    const rules = { segments: { s1: { count: { event: "view", within: "30d", items: ["s1", "x"], atLeast: 2 } } } };
    expect(custom(rules, day(4))).toEqual({ a: ["s1"], b: [] });
  });

  const error = (rules: object): RulesError => {
    try {
      parseRules(JSON.stringify(rules), "segments.json", table);
    } catch (e) {
      return e as RulesError;
    }
    throw new Error("no error");
  };

  it("rejects an unknown field, naming the file, the segment and the field (exit 2)", () => {
    const e = error({ segments: { x: { count: { event: "view", within: "7d", categroy: "shoes", atLeast: 1 } } } });
    expect(e).toBeInstanceOf(RulesError);
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      'segments.json: segment "x": field "count.categroy": unknown field (known: event, within, category, items, atLeast, atMost)',
    );
    expect(error({ segments: { x: { all: [{ lifecycle: "new-visitor" }, { bogus: 1 }] } } }).message).toContain(
      'segment "x": field "all[1].bogus"',
    );
    expect(error({ params: { dormant: "90d" } }).message).toContain('params: field "dormant": unknown field');
  });

  it("rejects a cycle between segments, naming the segments on it", () => {
    const e = error({
      segments: { a1: { segment: "b1" }, b1: { any: [{ segment: "c1" }] }, c1: { not: { segment: "a1" } } },
    });
    expect(e.message).toBe(
      'segments.json: segment "a1": field "segment": a cycle between segments: a1 -> b1 -> c1 -> a1',
    );
    expect(error({ segments: { me: { segment: "me" } } }).message).toContain("me -> me");
  });

  it("rejects impossible windows and ranges, naming the field", () => {
    expect(error({ segments: { w: { count: { event: "view", within: "0d", atLeast: 1 } } } }).message).toContain(
      'segment "w": field "count.within": an impossible window',
    );
    expect(
      error({ segments: { w: { count: { event: "view", within: "7d", atLeast: 5, atMost: 2 } } } }).message,
    ).toContain('field "count.atMost": an impossible range');
    expect(error({ segments: { w: { since: { event: "view", moreThan: "7d", lessThan: "1d" } } } }).message).toContain(
      'field "since.lessThan": an impossible window',
    );
    expect(error({ segments: { w: { count: { event: "click", within: "7d", atLeast: 1 } } } }).message).toContain(
      'field "count.event": expects an event type',
    );
    expect(error({ segments: { w: { segment: "nobody" } } }).message).toContain('unknown segment "nobody"');
    expect(error({ segments: { dormant: { orders: { atLeast: 1 } } } }).message).toContain("is a built-in segment");
  });

  it("treats a code-like string as data: never evaluated", () => {
    const e = error({ segments: { x: { count: { event: "view", within: "process.exit(1)", atLeast: 1 } } } });
    expect(e.message).toContain('field "count.within": expects a duration');
  });
});
