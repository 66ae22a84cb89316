import { describe, expect, it } from "vitest";
import type { ScaledCsr } from "../../src/data/csr.js";
import { PopularModel } from "../../src/models/baselines/popular.js";
import { CovisModel, type CovisScoring, type HistoryMode } from "../../src/models/covis/covis-model.js";
import type { HistoryEvent } from "../../src/models/recommender.js";
import { UsageError } from "../../src/errors.js";
import { seeded } from "../helpers.js";

const N = 30;

/** A random neighbour table over N items (0-6 neighbours a row, some rows empty), optionally with row scales. */
function table(seed: number, scaled: boolean): ScaledCsr {
  const rnd = seeded(seed);
  const indptr = [0];
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < N; i++) {
    const row = new Set<number>();
    const size = Math.floor(rnd() * 7);
    while (row.size < size) {
      const j = Math.floor(rnd() * N);
      if (j !== i) row.add(j);
    }
    for (const j of row) {
      indices.push(j);
      data.push(0.05 + rnd());
    }
    indptr.push(indices.length);
  }
  return {
    rows: N,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    data: Float64Array.from(data),
    ...(scaled ? { rowScale: Float32Array.from({ length: N }, () => 0.5 + rnd()) } : {}),
  };
}

/**
 * docs/covis.md's scoring, the slow way: the history's distinct known items, newest first; the newest lastN are seeds
 * weighted 2^linspace(0.1, 1, n) - 1 from oldest to newest (1 for a single seed) times their row scale; neighbour
 * scores summed; "first" puts up to maxHistory own items ahead (scored best + place), "exclude" never shows them;
 * ties by lower code; popular items fill the rest with score 0.
 */
function oracle(
  csr: ScaledCsr,
  popular: Int32Array,
  s: CovisScoring,
  history: HistoryEvent[],
  k: number,
  exclude: Set<number> = new Set(),
): { items: number[]; scores: number[] } {
  const recent: number[] = [];
  for (let x = history.length - 1; x >= 0; x--) {
    const item = history[x].item;
    if (item >= 0 && item < N && !recent.includes(item)) recent.push(item);
  }
  const n = Math.min(s.lastN, recent.length);
  const score = new Map<number, number>();
  for (let r = 0; r < n; r++) {
    const item = recent[r];
    const position = n === 1 ? 1 : (n - 1 - r) / (n - 1); // 1 for the newest, 0 for the oldest seed
    const w = (n === 1 ? 1 : 2 ** (0.1 + 0.9 * position) - 1) * (csr.rowScale ? csr.rowScale[item] : 1);
    for (let q = csr.indptr[item]; q < csr.indptr[item + 1]; q++)
      score.set(csr.indices[q], (score.get(csr.indices[q]) ?? 0) + w * Number(csr.data[q]));
  }
  const own = s.history === "first" ? recent.slice(0, s.maxHistory) : s.history === "exclude" ? recent : [];
  const head = s.history === "first" ? own.filter((i) => !exclude.has(i)).slice(0, k) : [];
  const ranked = [...score]
    .filter(([i, v]) => v > 0 && !own.includes(i) && !exclude.has(i))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, Math.max(0, k - head.length));
  const best = ranked.length ? Math.fround(ranked[0][1]) : 0; // the head sits above the best score as reported
  const items = [...head, ...ranked.map((e) => e[0])];
  const scores = [...head.map((_, q) => best + head.length - q), ...ranked.map((e) => e[1])];
  const never = s.history === "exclude" ? new Set([...recent, ...exclude]) : exclude;
  for (const i of popular) {
    if (items.length >= k) break;
    if (never.has(i) || items.includes(i)) continue;
    items.push(i);
    scores.push(0);
  }
  return { items, scores };
}

describe("CovisModel.recommend against the scoring written the slow way", () => {
  const modes: HistoryMode[] = ["first", "mix", "exclude"];
  for (const scaled of [false, true])
    for (const history of modes)
      it(`recommend(history) in "${history}" mode${scaled ? ", quantised rows" : ""} equals the oracle on 300 histories`, () => {
        const rnd = seeded(history.length + (scaled ? 100 : 0));
        const csr = table(7 + (scaled ? 1 : 0), scaled);
        const popular = Int32Array.from({ length: N }, (_, i) => (i * 11) % N);
        const base = new CovisModel({ covisit: csr }, new PopularModel(N, popular, new Float32Array(N)));
        for (let c = 0; c < 300; c++) {
          const scoring: CovisScoring = {
            matrix: "covisit",
            lastN: 1 + Math.floor(rnd() * 4),
            history,
            maxHistory: 1 + Math.floor(rnd() * 4),
          };
          const model = base.withScoring(scoring);
          // repeats, unknown codes (-1 and N) and empty histories; k from 1 to 12; sometimes an exclude set
          const h: HistoryEvent[] = Array.from({ length: Math.floor(rnd() * 9) }, (_, x) => ({
            item: rnd() < 0.1 ? (rnd() < 0.5 ? -1 : N) : Math.floor(rnd() * 12),
            kind: 0,
            ts: x,
          }));
          const k = 1 + Math.floor(rnd() * 12);
          const exclude = rnd() < 0.3 ? new Set([Math.floor(rnd() * 12), Math.floor(rnd() * 12)]) : undefined;
          const got = model.recommend(h, exclude ? { k, exclude } : { k });
          const want = oracle(csr, popular, scoring, h, k, exclude);
          expect(Array.from(got.items), `case ${c}`).toEqual(want.items);
          expect(Array.from(got.scores)).toEqual(want.scores.map((v) => Math.fround(v)));
          expect(got.unknownItems).toBe(h.filter((e) => e.item < 0 || e.item >= N).length);
        }
      });

  it("CovisModel refuses a scoring matrix it was not trained with, naming the ones it has", () => {
    const popular = new PopularModel(N, new Int32Array(0), new Float32Array(0));
    let error: unknown;
    try {
      new CovisModel({ covisit: table(1, false) }, popular, { ...defaultOf(), matrix: "buy2buy" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe('the model has no "buy2buy" neighbours');
    expect((error as UsageError).hint).toBe("it has: covisit");
    const model = new CovisModel({ covisit: table(1, false) }, popular);
    expect([model.kind, model.name]).toEqual(["covis", "covis"]);
  });
});

function defaultOf(): CovisScoring {
  return { matrix: "covisit", lastN: 3, history: "first", maxHistory: 20 };
}
