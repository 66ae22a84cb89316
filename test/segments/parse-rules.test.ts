import { describe, expect, it } from "vitest";
import { CartliftError } from "../../src/errors.js";
import { EventKind } from "../../src/data/event-kind.js";
import { parseRules, RulesError } from "../../src/segments/parse-rules.js";
import { eventTable } from "./segment-fixture.js";

const DAY = 86_400_000;
const table = eventTable([
  { user: "a", d: 1, kind: "view", item: "s1", category: "shoes" },
  { user: "a", d: 2, kind: "view", item: "h1", category: "hats" },
  { user: "b", d: 2, kind: "purchase", item: "s2", category: "shoes", order: "o1", price: 10 },
]);
const compile = (doc: unknown) => parseRules(JSON.stringify(doc), "rules.json", table);
const one = (condition: unknown) => compile({ segments: { x: condition } });

/** The message of the error parseRules throws on `text`. */
function failure(text: string): CartliftError {
  try {
    parseRules(text, "rules.json", table);
  } catch (e) {
    return e as CartliftError;
  }
  throw new Error("parseRules accepted it");
}
const message = (doc: unknown) => failure(JSON.stringify(doc)).message;
const inX = (condition: unknown) => message({ segments: { x: condition } });

describe("parseRules(text, file, table) compiles a rules file to plain data", () => {
  it("compiles each measure with its event code, window in ms and bounds (absent bounds are infinite)", () => {
    const r = compile({
      segments: {
        viewer: { count: { event: "view", within: "7d", atLeast: 2 } },
        few: { orders: { atMost: 1 } },
        big: { orderValue: { within: "12h", atLeast: 0, atMost: 0 } },
        recent: { since: { event: "purchase", lessThan: "30min" } },
        old: { since: { event: "view", moreThan: "0d" } },
      },
    });
    expect(r.names).toEqual(["viewer", "few", "big", "recent", "old"]);
    expect(r.evaluationOrder).toEqual([0, 1, 2, 3, 4]);
    expect(r.params).toEqual({});
    expect(r.measures).toEqual([
      { type: "count", kind: EventKind.view, windowMs: 7 * DAY, categories: null, items: null },
      { type: "orders", windowMs: Infinity },
      { type: "orderValue", windowMs: 12 * 36e5 },
      { type: "since", kind: EventKind.purchase },
      { type: "since", kind: EventKind.view },
    ]);
    expect(r.conditions).toEqual([
      { op: "measure", slot: 0, min: 2, max: Infinity },
      { op: "measure", slot: 1, min: -Infinity, max: 1 },
      { op: "measure", slot: 2, min: 0, max: 0 },
      { op: "since", slot: 3, moreThanMs: -Infinity, lessThanMs: 30 * 6e4 },
      { op: "since", slot: 4, moreThanMs: 0, lessThanMs: Infinity },
    ]);
  });

  it("reads every duration unit, with a fraction and surrounding blanks", () => {
    const windows = [" 500ms ", "10s", "1.5h", "30min", "30m", "2d", "2w"].map(
      (within) => (one({ orders: { within, atLeast: 1 } }).measures[0] as { windowMs: number }).windowMs,
    );
    expect(windows).toEqual([500, 10_000, 5_400_000, 1_800_000, 1_800_000, 2 * DAY, 14 * DAY]);
  });

  it("turns category and item ids into per-code masks; ids the data lacks match nothing", () => {
    const r = one({ count: { event: "view", within: "1d", category: ["hats", "socks"], items: "s1", atLeast: 1 } });
    const m = r.measures[0] as { categories: Uint8Array; items: Uint8Array };
    const hats = table.dicts.category.lookup("hats");
    expect(Array.from(m.categories)).toEqual(
      Array.from({ length: table.dicts.category.size }, (_, c) => +(c === hats)),
    );
    const s1 = table.dicts.item.lookup("s1");
    expect(Array.from(m.items)).toEqual(Array.from({ length: table.dicts.item.size }, (_, c) => +(c === s1)));
  });

  it("compiles segment references: built-in intent, RFM and lifecycle names, and custom ones", () => {
    const r = compile({
      segments: {
        a: { any: [{ segment: "cart-abandoner" }, { segment: "champions" }, { segment: "new-visitor" }] },
        b: { all: [{ segment: "dormant" }, { segment: "lost" }, { segment: "repeat-buyer" }, { segment: "a" }] },
        c: { not: { lifecycle: ["returning-visitor", "repeat-buyer"] } },
        d: { lifecycle: "new-visitor" },
      },
    });
    expect(r.conditions).toEqual([
      {
        op: "any",
        of: [
          { op: "intent", bit: 0 },
          { op: "rfm", mask: 1 },
          { op: "lifecycle", mask: 1 },
        ],
      },
      {
        op: "all",
        of: [
          { op: "intent", bit: 5 },
          { op: "rfm", mask: 1 << 10 },
          { op: "lifecycle", mask: 8 },
          { op: "custom", index: 0 },
        ],
      },
      { op: "not", of: { op: "lifecycle", mask: 2 | 8 } },
      { op: "lifecycle", mask: 1 },
    ]);
  });

  it("orders segments so that each comes after those it refers to, each once", () => {
    const r = compile({
      segments: {
        top: { all: [{ segment: "mid" }, { segment: "base" }] },
        mid: { segment: "base" },
        base: { orders: { atLeast: 1 } },
        alone: { orders: { atLeast: 2 } },
      },
    });
    expect(r.evaluationOrder).toEqual([2, 1, 0, 3]);
  });

  it("reads params: durations in ms, whole numbers, and a fractional lapse factor", () => {
    const r = compile({
      params: {
        cartWindow: "2d",
        wishlistWindow: " 3w ",
        categoryViews: 4,
        categoryWindow: "36h",
        priceWatchDays: 2,
        priceWatchWindow: "10d",
        loyalOrders: 5,
        lapseFactor: 1.5,
        dormantAfter: "60d",
        horizon: "90min",
      },
    });
    expect(r.params).toEqual({
      cartWindowMs: 2 * DAY,
      wishlistWindowMs: 21 * DAY,
      categoryViews: 4,
      categoryWindowMs: 36 * 36e5,
      priceWatchDays: 2,
      priceWatchWindowMs: 10 * DAY,
      loyalOrders: 5,
      lapseFactor: 1.5,
      dormantMs: 60 * DAY,
      horizonMs: 90 * 6e4,
    });
    expect(r.names).toEqual([]);
  });
});

describe("parseRules(text, file, table) rejects a bad file, naming file, segment and field (exit 2)", () => {
  it("says which file is not JSON", () => {
    const e = failure("{ segments: }");
    expect(e.code).toBe("bad_rules");
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/^rules\.json: not valid JSON \(.+\)$/);
  });

  it("is a RulesError with a pointer to the docs", () => {
    const e = failure("[]");
    expect(e).toBeInstanceOf(RulesError);
    expect(e.name).toBe("RulesError");
    expect(e.code).toBe("bad_rules");
    expect(e.hint).toBe("see docs/segments.md#custom-segments");
    expect(e.message).toBe('rules.json: the file: field "(top level)": expects an object');
  });

  it("checks the file's shape", () => {
    expect(failure("null").message).toBe('rules.json: the file: field "(top level)": expects an object');
    expect(message({ segment: {} })).toBe(
      'rules.json: the file: field "segment": unknown field (known: params, segments)',
    );
    expect(message({ segments: [] })).toBe('rules.json: the file: field "segments": expects an object');
    expect(message({ segments: { "Big Spenders": { orders: { atLeast: 1 } } } })).toBe(
      'rules.json: segment "Big Spenders": field "(name)": use lower-case letters, digits, - and _',
    );
    expect(message({ segments: { champions: { orders: { atLeast: 1 } } } })).toBe(
      'rules.json: segment "champions": field "(name)": is a built-in segment; choose another name',
    );
  });

  it("checks that a condition has exactly one known operator", () => {
    const known = "a condition is an object with exactly one of all, any, not, count, since, orders, orderValue";
    expect(inX([])).toBe('rules.json: segment "x": field "(condition)": expects an object');
    expect(inX({})).toBe(`rules.json: segment "x": field "": ${known}, lifecycle, segment`);
    expect(inX({ orders: {}, since: {} })).toBe(
      `rules.json: segment "x": field "orders+since": ${known}, lifecycle, segment`,
    );
    expect(inX({ orders: {}, bogus: 1 })).toContain('field "bogus": a condition is');
    expect(inX({ all: [{ not: 3 }] })).toBe('rules.json: segment "x": field "all[0].not.": expects an object');
    expect(inX({ not: { nope: 1 } })).toContain('field "not.nope": a condition is');
  });

  it("needs a non-empty list under all and any", () => {
    expect(inX({ all: [] })).toBe('rules.json: segment "x": field "all": expects a non-empty list of conditions');
    expect(inX({ any: { orders: { atLeast: 1 } } })).toBe(
      'rules.json: segment "x": field "any": expects a non-empty list of conditions',
    );
  });

  it("checks since: an event type, a bound, and a non-empty window", () => {
    expect(inX({ since: { event: "view" } })).toBe(
      'rules.json: segment "x": field "since.moreThan": give moreThan or lessThan',
    );
    expect(inX({ since: { event: 7, lessThan: "1d" } })).toBe(
      'rules.json: segment "x": field "since.event": expects an event type (view, cart_add, cart_remove, wishlist_add, wishlist_remove, purchase, return, checkout), got 7',
    );
    expect(inX({ since: { event: "view", moreThan: "1d", lessThan: "24h" } })).toBe(
      'rules.json: segment "x": field "since.lessThan": an impossible window: lessThan must exceed moreThan',
    );
    expect(inX({ since: { event: "view", lessThan: "0h" } })).toBe(
      'rules.json: segment "x": field "since.lessThan": an impossible window: "0h" is empty',
    );
    expect(inX({ since: { event: "view", moreThan: "soon" } })).toBe(
      'rules.json: segment "x": field "since.moreThan": expects a duration such as "7d", "12h" or "30m", got "soon"',
    );
    expect(inX({ since: { event: "view", lessThan: "1d", within: "2d" } })).toContain(
      'field "since.within": unknown field (known: event, moreThan, lessThan)',
    );
  });

  it("checks counts and orders: a window where needed, numbers >= 0, a possible range", () => {
    expect(inX({ count: { event: "view", atLeast: 1 } })).toBe(
      'rules.json: segment "x": field "count.within": expects a duration such as "7d", "12h" or "30m", got undefined',
    );
    expect(inX({ orders: { within: "7d" } })).toBe(
      'rules.json: segment "x": field "orders.atLeast": give atLeast or atMost',
    );
    expect(inX({ orders: { atLeast: -1 } })).toBe(
      'rules.json: segment "x": field "orders.atLeast": expects a number >= 0, got -1',
    );
    expect(inX({ orders: { atMost: "3" } })).toBe(
      'rules.json: segment "x": field "orders.atMost": expects a number >= 0, got "3"',
    );
    expect(failure('{"segments": {"x": {"orderValue": {"atLeast": 1e999}}}}').message).toBe(
      'rules.json: segment "x": field "orderValue.atLeast": expects a number >= 0, got null',
    );
    expect(inX({ orderValue: { atLeast: 3, atMost: 2.5 } })).toBe(
      'rules.json: segment "x": field "orderValue.atMost": an impossible range: atLeast 3 exceeds atMost 2.5',
    );
    expect(inX({ orders: [] })).toBe('rules.json: segment "x": field "orders": expects an object');
  });

  it("checks id lists, lifecycle stages and segment names", () => {
    const ids = (category: unknown) => inX({ count: { event: "view", within: "1d", category, atLeast: 1 } });
    const wanted =
      'rules.json: segment "x": field "count.category": expects one category id or a non-empty list of category ids (strings)';
    expect(ids([])).toBe(wanted);
    expect(ids(["shoes", 3])).toBe(wanted);
    expect(ids(3)).toBe(wanted);
    expect(inX({ count: { event: "view", within: "1d", items: [], atLeast: 1 } })).toBe(
      'rules.json: segment "x": field "count.items": expects one item id or a non-empty list of item ids (strings)',
    );
    const stages = "new-visitor, returning-visitor, first-time-buyer, repeat-buyer";
    expect(inX({ lifecycle: [] })).toBe(
      `rules.json: segment "x": field "lifecycle": expects one of ${stages}, or a list`,
    );
    expect(inX({ lifecycle: 1 })).toBe(
      `rules.json: segment "x": field "lifecycle": expects one of ${stages}, or a list`,
    );
    expect(inX({ lifecycle: ["new-visitor", "vip"] })).toBe(
      `rules.json: segment "x": field "lifecycle": "vip" is not one of ${stages}`,
    );
    expect(inX({ segment: ["dormant"] })).toBe('rules.json: segment "x": field "segment": expects a segment name');
    expect(inX({ segment: "nobody" })).toBe(
      'rules.json: segment "x": field "segment": unknown segment "nobody" (not built in, not defined in this file)',
    );
  });

  it("names the segment that closes a cycle and the segments on it", () => {
    const e = message({ segments: { a: { segment: "b" }, b: { segment: "c" }, c: { segment: "b" } } });
    expect(e).toBe('rules.json: segment "b": field "segment": a cycle between segments: b -> c -> b');
  });

  it("checks params: known names, non-empty durations, positive (whole) numbers", () => {
    expect(message({ params: [] })).toBe('rules.json: params: field "params": expects an object');
    expect(message({ params: { horizon: "0d" } })).toBe(
      'rules.json: params: field "horizon": expects a non-empty duration such as "7d", got "0d"',
    );
    expect(message({ params: { cartWindow: 7 } })).toBe(
      'rules.json: params: field "cartWindow": expects a non-empty duration such as "7d", got 7',
    );
    expect(message({ params: { loyalOrders: 2.5 } })).toBe(
      'rules.json: params: field "loyalOrders": expects a whole number > 0, got 2.5',
    );
    expect(message({ params: { categoryViews: 0 } })).toBe(
      'rules.json: params: field "categoryViews": expects a whole number > 0, got 0',
    );
    expect(message({ params: { lapseFactor: 0 } })).toBe(
      'rules.json: params: field "lapseFactor": expects a number > 0, got 0',
    );
    expect(message({ params: { lapseFactor: "2" } })).toBe(
      'rules.json: params: field "lapseFactor": expects a number > 0, got "2"',
    );
    expect(message({ params: { lapseFactor: -1 } })).toBe(
      'rules.json: params: field "lapseFactor": expects a number > 0, got -1',
    );
  });
});
