import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { trainSgns, SGNS_DEFAULTS } from "../../src/models/embedding/sgns.js";
import { cosineNeighbours, unitVectors } from "../../src/models/embedding/cosine-neighbours.js";
import { fitModel } from "../../src/models/registry.js";
import { saveModel } from "../../src/models/model-writer.js";
import { loadModel } from "../../src/models/model-reader.js";
import { csrRow } from "../../src/data/csr.js";
import { seeded, tempDir } from "../helpers.js";
import { tableOf, session, at, type Row } from "../evaluation/table-fixture.js";
import { eventRepeats, itemSequences } from "../../src/models/embedding/item-sequences.js";
import { EVENT_KINDS } from "../../src/data/event-kind.js";

/** Four groups of 10 items; each session draws items of one group only. */
function plantedGroups(sessions: number, seed: number) {
  const rnd = seeded(seed);
  const rows: Row[] = [];
  for (let s = 0; s < sessions; s++) {
    const g = s % 4;
    const items = Array.from({ length: 6 }, () => `g${g}i${Math.floor(rnd() * 10)}`);
    rows.push(...session(`u${s}`, `s${s}`, s * 10, items));
  }
  return tableOf(rows);
}

describe("item2vec (SGNS)", () => {
  const t = plantedGroups(600, 1);
  const tl = {
    events: Int32Array.from({ length: t.length }, (_, i) => i),
    offsets: Int32Array.from({ length: 601 }, (_, s) => s * 6),
  };
  // no subsampling: on 3,600 events word2vec's default would keep about a quarter of each item
  const opts = { ...SGNS_DEFAULTS, dim: 16, epochs: 8, window: 3, negatives: 5, sample: 0 };

  it("trainSgns on planted groups puts every item's nearest neighbours in its own group, and the loss falls", () => {
    const { vectors, lossPerEpoch } = trainSgns(t.item, tl, t.dicts.item.size, opts);
    expect(lossPerEpoch[lossPerEpoch.length - 1]).toBeLessThan(lossPerEpoch[0]);
    const nn = cosineNeighbours(unitVectors(vectors, opts.dim), opts.dim, 5);
    const group = (code: number) => t.dicts.item.get(code).slice(0, 2);
    for (let i = 0; i < t.dicts.item.size; i++)
      for (const [j] of csrRow(nn, i))
        expect(group(j), `${t.dicts.item.get(i)} -> ${t.dicts.item.get(j)}`).toBe(group(i));
  });

  it("trainSgns is deterministic for a seed, and stops with a clear error when it diverges", () => {
    const a = trainSgns(t.item, tl, t.dicts.item.size, opts).vectors;
    const b = trainSgns(t.item, tl, t.dicts.item.size, opts).vectors;
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    expect(() => trainSgns(t.item, tl, t.dicts.item.size, { ...opts, alpha: 1e30, epochs: 2 })).toThrow(
      /item2vec diverged/,
    );
  });

  it("an item2vec model file round-trips: the same neighbours and recommendations", async () => {
    const { model } = await fitModel({ kind: "item2vec", options: { dim: 16, epochs: 4, k: 5 } }, t, {
      until: Infinity,
    });
    const path = tempDir().path("i2v.model");
    saveModel(path, model, t.dicts.item, {
      format: "cartlift-model",
      cartliftVersion: "test",
      params: {},
      data: { sources: [], from: null, to: null, until: null },
    });
    const loaded = loadModel(path).model;
    for (let i = 0; i < t.dicts.item.size; i++)
      expect(Array.from(loaded.similarItems(i, 5).items)).toEqual(Array.from(model.similarItems(i, 5).items));
    const history = [
      { item: 0, kind: 0, ts: 0 },
      { item: 1, kind: 0, ts: 1 },
    ];
    expect(Array.from(loaded.recommend(history, { k: 8 }).items)).toEqual(
      Array.from(model.recommend(history, { k: 8 }).items),
    );
  });

  it("the model file is the same bytes whichever TensorFlow.js backend searched the neighbours", async () => {
    const dir = tempDir();
    const bytes = [];
    for (const backend of ["cpu", "wasm", "cpu"] as const) {
      const { model, run } = await fitModel({ kind: "item2vec", options: { dim: 16, epochs: 3, k: 7, backend } }, t, {
        until: Infinity,
      });
      expect(run?.tensorBackend).toBe(backend);
      const path = dir.path(`${backend}-${bytes.length}.model`);
      saveModel(path, model, t.dicts.item, {
        format: "cartlift-model",
        cartliftVersion: "test",
        params: {},
        data: { sources: [], from: null, to: null, until: null },
      });
      bytes.push(readFileSync(path));
    }
    expect(bytes[0].equals(bytes[1])).toBe(true);
    expect(bytes[0].equals(bytes[2])).toBe(true);
  });

  it("item sequences repeat or leave out event types (--repeat), within --until, in time order", () => {
    const rows = [
      ...session("u1", "s1", 0, ["a", "b", "c", "d"], ["view", "cart_add", "view", "purchase"]),
      ...session("u2", "s2", 10, ["b", "e"], ["view", "cart_add"]),
      ...session("u3", "s3", 100, ["a", "e"]),
    ];
    const table = tableOf(rows);
    const ids = (r: ReturnType<typeof itemSequences>) =>
      Array.from({ length: r.tl.offsets.length - 1 }, (_, t) =>
        Array.from(r.tl.events.subarray(r.tl.offsets[t], r.tl.offsets[t + 1]), (x) =>
          table.dicts.item.get(r.items[x]),
        ).join(""),
      );
    expect(ids(itemSequences(table, "session", Infinity)).sort()).toEqual(["abcd", "ae", "be"]);
    expect(ids(itemSequences(table, "session", at(50), { cart_add: 2, purchase: 3 })).sort()).toEqual([
      "abbcddd",
      "bee",
    ]);
    expect(ids(itemSequences(table, "session", Infinity, { view: 0 })).sort()).toEqual(["bd", "e"]);
    expect(() => eventRepeats([["click", "2"]], "--repeat")).toThrow(/"click" is not an event type/);
    expect(() => eventRepeats([["view", "1.5"]], "--repeat")).toThrow(/whole number/);
    expect(() =>
      eventRepeats(
        EVENT_KINDS.map((k) => [k, "0"]),
        "--repeat",
      ),
    ).toThrow(/every event type out/);
  });

  it("items below --min-count or unseen in training get no vector, so they are nobody's neighbour or recommendation", () => {
    // group 3's sessions are left out of training (each block of 6 events is one session); --min-count makes one more
    // item rare
    const kept = Array.from({ length: 600 }, (_, b) => b).filter(
      (b) => !t.dicts.item.get(t.item[b * 6]).startsWith("g3"),
    );
    const partial = {
      events: Int32Array.from(kept.flatMap((s) => [0, 1, 2, 3, 4, 5].map((x) => s * 6 + x))),
      offsets: Int32Array.from({ length: kept.length + 1 }, (_, i) => i * 6),
    };
    const counts = new Map<number, number>();
    for (const x of partial.events) counts.set(t.item[x], (counts.get(t.item[x]) ?? 0) + 1);
    const minCount = Math.min(...counts.values()) + 1;
    const { vectors } = trainSgns(t.item, partial, t.dicts.item.size, { ...opts, epochs: 2, minCount });
    const unit = unitVectors(vectors, opts.dim);
    const untrained = new Set(
      Array.from({ length: t.dicts.item.size }, (_, i) => i).filter((i) => !((counts.get(i) ?? 0) >= minCount)),
    );
    expect(untrained.size).toBeGreaterThan(10);
    for (const i of untrained)
      expect(Array.from(vectors.subarray(i * opts.dim, (i + 1) * opts.dim)).every((v) => v === 0)).toBe(true);
    const nn = cosineNeighbours(unit, opts.dim, 5);
    for (let i = 0; i < t.dicts.item.size; i++)
      for (const [j] of csrRow(nn, i)) expect(untrained.has(j), t.dicts.item.get(j)).toBe(false);
  });

  it("nothing to train on (everything after --until, or every present type left out) is a clear error", async () => {
    await expect(fitModel({ kind: "item2vec", options: { dim: 8, epochs: 1 } }, t, { until: t.ts[0] })).rejects.toThrow(
      /no events to train on before 2024-01-01T00:00:00.000Z/,
    );
    await expect(
      fitModel({ kind: "item2vec", options: { dim: 8, epochs: 1, repeat: { view: 0 } } }, t, { until: Infinity }),
    ).rejects.toThrow(/no events to train on with this --repeat/);
  });

  it("an item2vec model with repeats records them in its parameters", async () => {
    const { params } = await fitModel(
      { kind: "item2vec", options: { dim: 8, epochs: 1, k: 3, repeat: { cart_add: 2 } } },
      t,
      { until: Infinity },
    );
    expect(params.repeat).toEqual({ cart_add: 2 });
  });
});
