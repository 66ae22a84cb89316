import { describe, expect, it } from "vitest";
import { momentCases } from "../../src/evaluation/protocols/moment-cases.js";
import { userFacts } from "../../src/evaluation/user-facts.js";
import type { MomentKind } from "../../src/moments/moment-kind.js";
import { MOMENT_KINDS } from "../../src/moments/registry.js";
import { HOUR, T0, timeline } from "../moments/timeline.js";

const o = { ttlMs: 24 * HOUR, maxHistory: 50 };
const kind = (name: keyof typeof MOMENT_KINDS) => MOMENT_KINDS[name] as MomentKind<unknown>;

describe("momentCases", () => {
  const t = timeline([
    ["u", "s1", 0, "view", "a"],
    ["u", "s1", 1, "cart_add", "a", 10],
    ["u", "s1", 2, "view", "b"],
    ["u", "s1", 3, "cart_add", "b", 5],
    ["u", "s1", 4, "purchase", "c", 3], // bought after both adds
    ["u", "s2", 300, "view", "a"], // the return, 5 h later
    ["u", "s2", 301, "cart_add", "d", 1],
    ["u", "s2", 302, "purchase", "a", 10],
  ]);
  const item = (codes: ArrayLike<number>) => Array.from(codes, (c) => t.dicts.item.get(c)).sort();

  it("momentCases(add-to-cart) seeds with the add, excludes the cart, and targets what was carted or bought after it", () => {
    const set = momentCases(t, T0, userFacts(t), kind("add-to-cart"), o);
    // adds at rows 1 (a), 3 (b) and 6 (d); targets in the add's session, after it, the cart left out
    // (d's add in s2 has only a's purchase after it, and a is in the cart: no target)
    expect(set.cases.map((c) => [c.history.length, item(c.exclude ?? []), item(c.targets)])).toEqual([
      [2, ["a"], ["b", "c"]],
      [4, ["a", "b"], ["c"]],
    ]);
    expect(set.stats.moments).toBe(3);
    expect(set.stats.momentsWithoutTargets).toBe(1);
  });

  it("momentCases(abandoned-cart) targets what was carted or bought in the return's session", () => {
    const set = momentCases(t, T0, userFacts(t), kind("abandoned-cart"), o);
    // the first session ends with a and b in the cart (c was a buy-now): targets in s2 are d and a
    expect(set.cases.map((c) => [c.history.length, item(c.targets)])).toEqual([[5, ["a", "d"]]]);
    expect(set.stats.moments).toBe(2); // s2 ends with b and d still in the cart: no return, no targets
    expect(set.stats.momentsWithoutTargets).toBe(1);
  });
});
