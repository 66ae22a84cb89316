import { describe, expect, it } from "vitest";
import { fitModel } from "../../src/models/registry.js";
import { buildRows } from "../../src/models/rerank/fit-rows.js";
import type { CandidateFeatures } from "../../src/models/rerank/features.js";
import type { LabelQueries } from "../../src/models/rerank/label-queries.js";
import { momentLabelQueries, type MomentProtocol } from "../../src/models/rerank/moment-queries.js";
import { evaluateCases } from "../../src/pipeline/evaluate.js";
import { at, session, tableOf } from "../evaluation/table-fixture.js";

const DAY = 86_400_000;
// u1 carts b and leaves; the cart expires (24 h) before u1 returns in s2, which carts e, buys it and carts g.
// u2 carts x, then y, views and carts z, buys x.
const t = tableOf([
  ...session("u1", "s1", 0, ["a", "b", "c"], ["view", "cart_add", "view"]),
  ...session("u1", "s2", 3000, ["d", "e", "f", "e", "g"], ["view", "cart_add", "view", "purchase", "cart_add"]),
  ...session("u2", "s3", 2900, ["x", "y", "z", "z", "x"], ["cart_add", "cart_add", "view", "cart_add", "purchase"]),
]);
const allKnown = new Uint8Array(t.dicts.item.size).fill(1);
const name = (code: number) => t.dicts.item.get(code);

function queries(protocol: MomentProtocol, from: number, to: number, known = allKnown) {
  return momentLabelQueries(t, from, to, protocol, { ttlMs: DAY, maxHistory: 50 }, known, 10_000, 1);
}

/** Each query as readable text: history items, the request minute, targets and exclusions (sorted), its session. */
function readable(q: LabelQueries) {
  return q.histories.map((h, i) => ({
    history: h.map((e) => name(e.item)).join(""),
    now: (q.now![i] - at(0)) / 60_000,
    targets: Array.from(q.targets[i], name).sort().join(""),
    exclude: Array.from(q.exclude![i] ?? [], name)
      .sort()
      .join(""),
    session: q.session[i],
  }));
}

describe("momentLabelQueries", () => {
  it("momentLabelQueries(empty-cart) queries the history before the return at its time; targets: the return session's carts and buys", () => {
    const q = queries("empty-cart", at(2000), at(4000));
    expect(readable(q)).toEqual([{ history: "abc", now: 3000, targets: "eg", exclude: "", session: 0 }]);
    expect(q.moments).toEqual({ found: 1, withoutTargets: 0, withoutKnownHistory: 0 });
  });

  it("momentLabelQueries(empty-cart) takes no target at or after the window's end", () => {
    const q = queries("empty-cart", at(2000), at(3004));
    expect(readable(q).map((x) => x.targets)).toEqual(["e"]);
  });

  it("momentLabelQueries(add-to-cart) queries each add with the add in the history; targets: later carts and buys of the session but the cart (complements)", () => {
    const q = queries("add-to-cart", at(2000), at(4000));
    expect(readable(q)).toEqual([
      { history: "x", now: 2900, targets: "yz", exclude: "x", session: 0 },
      { history: "xy", now: 2901, targets: "z", exclude: "xy", session: 0 },
      { history: "abcde", now: 3001, targets: "g", exclude: "e", session: 1 },
    ]);
    // the adds of z (x bought after it is in the cart) and of g (nothing after) have no target; b is before the window
    expect(q.moments).toEqual({ found: 5, withoutTargets: 2, withoutKnownHistory: 0 });
    expect(q.sessions).toBe(2);
    expect(q.windowQueries).toBe(3);
  });

  it("momentLabelQueries(abandoned-cart) queries the abandonment; targets: the return session's carts and buys", () => {
    const q = queries("abandoned-cart", at(0), at(4000));
    expect(readable(q)).toEqual([{ history: "abc", now: 2, targets: "eg", exclude: "", session: 0 }]);
    expect(q.moments).toEqual({ found: 3, withoutTargets: 2, withoutKnownHistory: 0 });
  });

  it("momentLabelQueries skips a moment whose history has no item the generators know, and counts it", () => {
    const known = new Uint8Array(t.dicts.item.size);
    for (const item of ["a", "b", "c", "d", "e"]) known[t.dicts.item.lookup(item)] = 1;
    const q = queries("add-to-cart", at(2000), at(4000), known);
    expect(readable(q).map((x) => x.history)).toEqual(["abcde"]);
    expect(q.moments).toEqual({ found: 5, withoutTargets: 2, withoutKnownHistory: 2 });
  });

  it("momentLabelQueries builds the cases evaluate --protocol builds after the same cut (history, time, targets, exclusions)", () => {
    for (const protocol of ["empty-cart", "add-to-cart", "abandoned-cart"] as const) {
      const cut = at(1);
      const mine = readable(queries(protocol, cut, Infinity)).map(({ session: _, ...x }) => x);
      const theirs = evaluateCases(t, cut, { protocol, ttlMs: DAY, maxHistory: 50 }).cases.map((c) => ({
        history: c.history.map((e) => name(e.item)).join(""),
        now: (c.now! - at(0)) / 60_000,
        targets: Array.from(c.targets, name).sort().join(""),
        exclude: Array.from(c.exclude ?? [], name)
          .sort()
          .join(""),
      }));
      const order = (a: { now: number; history: string }, b: { now: number; history: string }) =>
        a.now - b.now || a.history.localeCompare(b.history);
      expect(mine.sort(order), protocol).toEqual(theirs.sort(order));
      expect(mine.length, protocol).toBeGreaterThan(0);
    }
  });
});

describe("buildRows with exclusions", () => {
  it("buildRows() drops a query's excluded candidates before labelling, and features the rest at the query's time", () => {
    // a stand-in for CandidateFeatures: candidates 10, 11, 12, 13 with one feature each (the candidate's code)
    const nows: number[] = [];
    const items = new Int32Array(8);
    const x = new Float32Array(8);
    const features = {
      F: 1,
      names: ["code"],
      items,
      x,
      compute(_h: unknown, now: number) {
        nows.push(now);
        items.set([10, 11, 12, 13]);
        x.set([10, 11, 12, 13]);
        return 4;
      },
    } as unknown as CandidateFeatures;
    const q: LabelQueries = {
      histories: [[{ item: 1, kind: 0, ts: 5 }]],
      targets: [Int32Array.of(12, 11)],
      session: Int32Array.of(0),
      sessions: 1,
      windowSessions: 1,
      windowQueries: 1,
      now: Float64Array.of(99),
      exclude: [Int32Array.of(11, 10)],
    };
    const rows = buildRows(q, features);
    expect(Array.from(rows.x)).toEqual([12, 13]);
    expect(Array.from(rows.labels)).toEqual([1, 0]);
    expect(Array.from(rows.offsets)).toEqual([0, 2]);
    expect(nows).toEqual([99]);
  });
});

describe("fitModel(rerank) with a moment protocol", () => {
  it("fitModel(rerank[label-protocol=add-to-cart]) on too few moments fails with too_little_data, saying how many were found and needed", async () => {
    const options = { "label-protocol": "add-to-cart", "label-window": 2 * DAY, item2vec: false };
    const logged: string[] = [];
    const ctx = { until: Infinity, onLog: (line: string) => logged.push(line) };
    const err = await fitModel({ kind: "rerank", options }, t, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "too_little_data" });
    expect(logged).toContain(
      "add-to-cart labels: 5 moments, 1 labelled queries, candidate recall 0.000 (0 with a target among the candidates)",
    );
    const { message, hint } = err as { message: string; hint: string };
    expect(message).toContain("the add-to-cart protocol found 5 moments in the label window");
    expect(message).toContain("2 without a carted or bought target");
    expect(message).toContain("training needs at least 200 to train and 50 to validate");
    // the generators before the window know a, b and c only: x's and y's adds have no known history, g is no candidate
    expect(message).toContain("2 without a known item in the history, 0 with a target among the candidates");
    expect(hint).toContain("use a longer --label-window (now 2 d)");
    expect(hint).toContain("no add-to-cart moment found gave a query with a target among its candidates");
  });
});
