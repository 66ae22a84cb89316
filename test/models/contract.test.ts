import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import type { EventTable } from "../../src/data/event-table.js";
import { EventKind } from "../../src/data/event-kind.js";
import { recommendBatch, type HistoryEvent, type Recommender } from "../../src/models/recommender.js";
import { PopularModel } from "../../src/models/baselines/popular.js";
import { HistoryModel } from "../../src/models/baselines/history.js";
import { trainCovis } from "../../src/models/covis/train-covis.js";
import { BlendModel } from "../../src/models/blend.js";
import { REPO, tempDir } from "../helpers.js";

/** One contract, every model: the behaviour evaluation, replay and serving rely on. */
import { SGNS_DEFAULTS, trainSgns } from "../../src/models/embedding/sgns.js";
import { Item2VecModel } from "../../src/models/embedding/item2vec-model.js";
import { cosineNeighbours, unitVectors } from "../../src/models/embedding/cosine-neighbours.js";
import { timelines } from "../../src/data/timelines.js";
import { RerankModel } from "../../src/models/rerank/rerank-model.js";
import { itemFacts } from "../../src/models/rerank/fit-facts.js";
import { DEFAULT_CANDIDATES } from "../../src/models/rerank/item-facts.js";
import { featureNames } from "../../src/models/rerank/features.js";
import { layerShapes } from "../../src/models/rerank/train-ranker.js";
import { seededRandom } from "../../src/data/random.js";

const tmp = tempDir();
let table: EventTable;
const models: Record<string, () => Recommender> = {
  popular: () => PopularModel.train(table),
  history: () => new HistoryModel(PopularModel.train(table)),
  "covis (history first)": () => trainCovis(table),
  "covis (mix)": () => trainCovis(table, { scoring: { lastN: 3, history: "mix", maxHistory: 20 } }),
  "blend covis:0.7+history:0.3": () =>
    new BlendModel([
      { model: trainCovis(table), weight: 0.7 },
      { model: new HistoryModel(PopularModel.train(table)), weight: 0.3 },
    ]),
  "covis (three lists, scoring with cart2buy)": () =>
    trainCovis(table, { matrices: ["covisit", "buy2buy", "cart2buy"], scoring: { matrix: "cart2buy" } }),
  "covis (exclude, user scope, cosine)": () =>
    trainCovis(table, {
      scope: "user",
      normalisation: "cosine",
      scoring: { lastN: 5, history: "exclude", maxHistory: 20 },
    }),
  item2vec: () => {
    const tl = timelines(table, "session");
    const opts = { ...SGNS_DEFAULTS, dim: 16, epochs: 3 };
    const unit = unitVectors(trainSgns(table.item, tl, table.dicts.item.size, opts).vectors, 16);
    return new Item2VecModel(unit, 16, cosineNeighbours(unit, 16, 10), PopularModel.train(table));
  },
  "rerank (random weights)": () => {
    const covis = trainCovis(table, { matrices: ["covisit", "buy2buy"] });
    const F = featureNames(["covisit", "buy2buy"]).length;
    const random = seededRandom(11);
    const layers = layerShapes("mlp", F, 8).map(({ nIn, nOut }, l) => ({
      nIn,
      nOut,
      w: Float32Array.from({ length: nIn * nOut }, () => random() - 0.5),
      b: new Float32Array(nOut),
      relu: l < 2,
    }));
    return new RerankModel(
      { covis, item2vec: null },
      itemFacts(table, Infinity, table.dicts.item.size),
      DEFAULT_CANDIDATES,
      { kind: "mlp", mean: new Float32Array(F), std: new Float32Array(F).fill(1), layers },
    );
  },
};

beforeAll(async () => {
  const out = tmp.path("otto");
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out });
  table = readDataset(out).table;
});

/** The last `n` events of user u as a history. */
function historyOf(u: number, n: number): HistoryEvent[] {
  const h: HistoryEvent[] = [];
  for (let i = 0; i < table.length; i++)
    if (table.user[i] === u) h.push({ item: table.item[i], kind: table.kind[i], ts: table.ts[i] });
  return h.slice(-n);
}

for (const [name, make] of Object.entries(models)) {
  describe(`recommender contract: ${name}`, () => {
    let model: Recommender;
    beforeAll(() => {
      model = make();
    });
    const histories = () => [historyOf(0, 5), historyOf(3, 12), historyOf(7, 1), [], historyOf(11, 30)];

    it("recommend() returns k distinct known items, scores not increasing", () => {
      for (const h of histories()) {
        const r = model.recommend(h, { k: 20 });
        expect(r.items.length).toBe(20);
        expect(new Set(r.items).size).toBe(20);
        for (const item of r.items) expect(item >= 0 && item < model.nItems).toBe(true);
        for (let q = 1; q < r.scores.length; q++) expect(r.scores[q]).toBeLessThanOrEqual(r.scores[q - 1]);
      }
    });

    it("recommendBatch() equals recommend() one by one, padded with -1", () => {
      const hs = histories();
      const batch = recommendBatch(model, hs, { k: 20 });
      hs.forEach((h, q) => {
        const one = model.recommend(h, { k: 20 });
        expect(Array.from(batch.items.subarray(q * 20, q * 20 + one.items.length))).toEqual(Array.from(one.items));
      });
      const big = recommendBatch(model, [[]], { k: model.nItems + 5 });
      expect(big.items[big.items.length - 1]).toBe(-1);
    });

    it("recommend({exclude}) never returns an excluded item and still fills k", () => {
      for (const h of histories()) {
        const first = model.recommend(h, { k: 20 });
        const exclude = new Set(Array.from(first.items).slice(0, 5));
        const r = model.recommend(h, { k: 20, exclude });
        expect(r.items.length).toBe(20);
        for (const item of r.items) expect(exclude.has(item)).toBe(false);
      }
    });

    it("recommend([]) gives the popularity fallback", () => {
      const r = model.recommend([], { k: 10 });
      expect(Array.from(r.items)).toEqual(Array.from(PopularModel.train(table).recommend([], { k: 10 }).items));
    });

    it("recommend() ignores unknown items and counts them", () => {
      const h = historyOf(3, 6);
      const withUnknown = [
        ...h.slice(0, 3),
        { item: -1, kind: EventKind.view, ts: h[3].ts },
        { item: model.nItems + 7, kind: EventKind.view, ts: h[3].ts },
        ...h.slice(3),
      ];
      const a = model.recommend(h, { k: 20 });
      const b = model.recommend(withUnknown, { k: 20 });
      expect(b.unknownItems).toBe(2);
      expect(a.unknownItems).toBe(0);
      expect(Array.from(b.items)).toEqual(Array.from(a.items));
    });

    it("training twice gives identical recommendations", () => {
      const again = make();
      for (const h of histories())
        expect(Array.from(again.recommend(h, { k: 20 }).items)).toEqual(
          Array.from(model.recommend(h, { k: 20 }).items),
        );
    });
  });
}

describe("history handling", () => {
  it("covis history 'first' puts the history's distinct items first, most recent first", () => {
    const model = trainCovis(table);
    const h = historyOf(3, 8);
    const distinct: number[] = [];
    for (let q = h.length - 1; q >= 0; q--) if (!distinct.includes(h[q].item)) distinct.push(h[q].item);
    expect(Array.from(model.recommend(h, { k: 20 }).items.slice(0, distinct.length))).toEqual(distinct);
  });

  it("covis history 'exclude' never recommends a history item", () => {
    const model = trainCovis(table, { scoring: { lastN: 3, history: "exclude", maxHistory: 20 } });
    const h = historyOf(3, 8);
    const seen = new Set(h.map((e) => e.item));
    for (const item of model.recommend(h, { k: 20 }).items) expect(seen.has(item)).toBe(false);
  });

  it("HistoryModel ranks a carted item above an item only viewed at the same time", () => {
    const model = new HistoryModel(PopularModel.train(table));
    const ts = 1_700_000_000_000;
    const r = model.recommend(
      [
        { item: 1, kind: EventKind.view, ts },
        { item: 2, kind: EventKind.cart_add, ts },
      ],
      { k: 5 },
    );
    expect(Array.from(r.items.slice(0, 2))).toEqual([2, 1]);
  });

  it("trainCovis({until}) never uses an event at or after the cut", () => {
    const cut = table.ts[Math.floor(table.length / 2)];
    const before = trainCovis(table, { until: cut });
    // a table whose events after the cut are all replaced by other items trains the same model
    const item = table.item.slice();
    for (let i = 0; i < table.length; i++) if (table.ts[i] >= cut) item[i] = (item[i] + 1) % table.dicts.item.size;
    const changed = trainCovis({ ...table, item }, { until: cut });
    expect(changed.neighbours).toEqual(before.neighbours);
    expect(Array.from(changed.popular.ranked)).toEqual(Array.from(before.popular.ranked));
  });
});

describe("blends", () => {
  it("a blend with one part recommends what that part does", async () => {
    const { BlendModel } = await import("../../src/models/blend.js");
    const covis = trainCovis(table);
    const blend = new BlendModel([{ model: covis, weight: 1 }]);
    const h = historyOf(3, 8);
    const a = Array.from(covis.recommend(h, { k: 20 }).items);
    const b = Array.from(blend.recommend(h, { k: 20 }).items);
    // same scored items in the same order; top-ups may differ in order only after them
    const scored = covis.recommend(h, { k: 20 }).scores.filter((s) => s > 0).length;
    expect(b.slice(0, scored)).toEqual(a.slice(0, scored));
  });

  it("parseModelRecipe reads equal and explicit blend weights, and rejects nonsense", async () => {
    const { parseModelRecipe } = await import("../../src/models/spec.js");
    expect(parseModelRecipe("covis+history", "test")).toEqual({
      blend: [
        { kind: "covis", weight: 1, options: {} },
        { kind: "history", weight: 1, options: {} },
      ],
    });
    expect(parseModelRecipe("covis:0.7+history:0.3", "test")).toEqual({
      blend: [
        { kind: "covis", weight: 0.7, options: {} },
        { kind: "history", weight: 0.3, options: {} },
      ],
    });
    expect(() => parseModelRecipe("covis:-1", "test")).toThrow(/the weight of "covis:-1" must be a positive number/);
  });
});
