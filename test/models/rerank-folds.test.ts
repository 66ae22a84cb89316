import { describe, expect, it } from "vitest";
import { itemFacts } from "../../src/models/rerank/fit-facts.js";
import { CandidateFeatures } from "../../src/models/rerank/features.js";
import { labelFolds, withoutFold } from "../../src/models/rerank/label-folds.js";
import { labelQueries, type LabelQueries } from "../../src/models/rerank/label-queries.js";
import { fitParts } from "../../src/models/rerank/label-sets.js";
import { rerankDefaults, type RerankProtocol } from "../../src/models/rerank/rerank-options.js";
import { generatorsOf } from "../../src/models/rerank/rerank-model.js";
import { fitModel } from "../../src/models/registry.js";
import { at, session, tableOf } from "../evaluation/table-fixture.js";

// Five sessions, one every 100 minutes; s5 is cut by `until` (minute 402): only its first three events are training
// data.
// Item z is seen in s4 only; the pair (a, b) co-occurs in s3 only; b is also seen in s1.
const t = tableOf([
  ...session("u1", "s1", 0, ["b", "c", "d"]),
  ...session("u2", "s2", 100, ["c", "d", "a"]),
  ...session("u1", "s3", 200, ["a", "b", "c", "a"]),
  ...session("u3", "s4", 300, ["d", "z", "c"]),
  ...session("u2", "s5", 400, ["a", "c", "d", "b"]),
]);
const until = at(402.5);
const name = (code: number) => t.dicts.item.get(code);
const sessionsOf = (flags: Uint8Array) =>
  Array.from(flags.keys())
    .filter((s) => flags[s] === 1)
    .map((s) => t.dicts.session.get(s))
    .sort();

/** The queries a fold gives, with the items the table outside the fold knows, as readable text. */
function foldQueries(fold: Uint8Array, protocol: RerankProtocol, maxQueries = 10_000): LabelQueries {
  const rest = withoutFold(t, fold, until);
  const known = new Uint8Array(t.dicts.item.size);
  for (let i = 0; i < rest.length; i++) known[rest.item[i]] = 1;
  return labelQueries(t, -Infinity, until, protocol, known, maxQueries, 1, fold);
}
const readable = (q: LabelQueries) =>
  q.histories.map((h, i) => `${h.map((e) => name(e.item)).join("")}>${Array.from(q.targets[i], name).join("")}`);

describe("labelFolds", () => {
  it("labelFolds(t, until, 2) cuts the training sessions by start time into two runs, the latest first", () => {
    const folds = labelFolds(t, until, 2);
    expect(folds.map((f) => sessionsOf(f.sessions))).toEqual([
      ["s3", "s4", "s5"],
      ["s1", "s2"],
    ]);
    expect(folds.map((f) => [(f.from - at(0)) / 60_000, (f.to - at(0)) / 60_000, f.sessionCount])).toEqual([
      [200, 400, 3],
      [0, 100, 2],
    ]);
  });

  it("labelFolds() leaves out a session whose first event is at or after until", () => {
    const folds = labelFolds(t, at(300), 3);
    expect(folds.map((f) => sessionsOf(f.sessions))).toEqual([["s3"], ["s2"], ["s1"]]);
  });
});

describe("withoutFold", () => {
  it("withoutFold() keeps exactly the other sessions' events before until, in the table's order", () => {
    const [latest] = labelFolds(t, until, 2);
    const rest = withoutFold(t, latest.sessions, until);
    const rows = Array.from(
      { length: rest.length },
      (_, i) => `${t.dicts.session.get(rest.session[i])}:${name(rest.item[i])}`,
    );
    expect(rows).toEqual(["s1:b", "s1:c", "s1:d", "s2:c", "s2:d", "s2:a"]);
    expect(rest.dicts).toBe(t.dicts);
  });
});

describe("labelQueries with a fold", () => {
  it("labelQueries(session-next, fold) makes every prefix of the fold's sessions a query, its next known item the target", () => {
    const [latest, earliest] = labelFolds(t, until, 2);
    // outside the latest fold only b, c, d, a are known: s4 keeps d, c; s5 is cut at until (a, c, d)
    expect(readable(foldQueries(latest.sessions, "session-next"))).toEqual([
      "a>b",
      "ab>c",
      "abc>a",
      "d>c",
      "a>c",
      "ac>d",
    ]);
    // outside the earliest fold a, b, c, d, z are known
    expect(readable(foldQueries(earliest.sessions, "session-next"))).toEqual(["b>c", "bc>d", "c>d", "cd>a"]);
    const q = foldQueries(latest.sessions, "session-next");
    expect(Array.from(q.session)).toEqual([0, 0, 0, 1, 2, 2]);
    expect([q.sessions, q.windowSessions, q.windowQueries]).toEqual([3, 3, 6]);
  });

  it("labelQueries(session-future, fold) targets every later distinct item of the session", () => {
    const [latest] = labelFolds(t, until, 2);
    expect(readable(foldQueries(latest.sessions, "session-future"))).toEqual([
      "a>bca",
      "ab>ca",
      "abc>a",
      "d>c",
      "a>cd",
      "ac>d",
    ]);
  });

  it("labelQueries(fold) past maxQueries keeps whole sessions, in order of their start", () => {
    const [latest] = labelFolds(t, until, 2);
    const q = foldQueries(latest.sessions, "session-next", 2);
    expect(q.windowQueries).toBe(6);
    const groups = [["a>b", "ab>c", "abc>a"], ["d>c"], ["a>c", "ac>d"]];
    // the sampled sessions are whole and in start order: some sub-sequence of the groups, at least 2 queries
    const subsets = [1, 2, 3, 4, 5, 6, 7].map((m) => groups.filter((_, g) => (m >> g) & 1).flat());
    const texts = readable(q);
    expect(texts.length).toBeGreaterThanOrEqual(2);
    expect(subsets).toContainEqual(texts);
  });
});

describe("fold features", () => {
  it("a fold's query does not see its own target: the pair (a, b) of s3 scores nothing in its fold's co-visitation", async () => {
    const o = { ...rerankDefaults(), item2vec: false };
    const settings = { candidates: 100, lastN: 3, maxHistory: 20, popularN: 20 };
    const [latest] = labelFolds(t, until, 2);
    const rest = withoutFold(t, latest.sessions, until);
    const fold = new CandidateFeatures(
      generatorsOf((await fitParts(rest, o, { until: Infinity })).parts),
      itemFacts(rest, Infinity, t.dicts.item.size, latest.from),
      settings,
    );
    const all = new CandidateFeatures(
      generatorsOf((await fitParts(t, o, { until })).parts),
      itemFacts(t, until, t.dicts.item.size),
      settings,
    );
    const a = t.dicts.item.lookup("a");
    const b = t.dicts.item.lookup("b");
    const history = [{ item: a, kind: 0, ts: at(200) }];
    const scoreOf = (f: CandidateFeatures, item: number) => {
      const n = f.compute(history, at(200));
      const c = Array.from(f.items.subarray(0, n)).indexOf(item);
      return c < 0 ? 0 : f.x[c * f.F + f.names.indexOf("covisit_score")];
    };
    expect(scoreOf(all, b)).toBeGreaterThan(0);
    expect(scoreOf(fold, b)).toBe(0);
    // popularity: b's events in the fold's sessions (s3, and s5 before until) are not counted; s1's is
    expect(fold.facts.popAll[b]).toBe(1);
    expect(all.facts.popAll[b]).toBe(2);
  });

  it("fitModel(rerank, label-folds=1) is a usage error; label-folds with a moment protocol too", async () => {
    await expect(fitModel({ kind: "rerank", options: { "label-folds": 1 } }, t, { until })).rejects.toThrow(
      /--label-folds 1 leaves no data/,
    );
    await expect(
      fitModel({ kind: "rerank", options: { "label-folds": 3, "label-protocol": "empty-cart" } }, t, { until }),
    ).rejects.toThrow(/session protocols, not empty-cart/);
  });
});
