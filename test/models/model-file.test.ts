import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { train } from "../../src/pipeline/train.js";
import { readDataset } from "../../src/io/read-dataset.js";
import { loadModel } from "../../src/models/model-reader.js";
import { trainCovis } from "../../src/models/covis/train-covis.js";
import { InputError } from "../../src/errors.js";
import { REPO, tempDir } from "../helpers.js";

const tmp = tempDir();
const data = tmp.path("otto");

beforeAll(async () => {
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: data });
});

describe("model file", () => {
  for (const kind of ["covis", "popular", "history"]) {
    it(`train(${kind}) -> loadModel() recommends exactly what the in-memory model does`, async () => {
      const out = tmp.path(`${kind}.model`);
      const report = await train({ kind, data, out, options: { scope: "user", k: 20 } });
      expect(report.bytes).toBe(readFileSync(out).length);
      const { model, items, manifest } = loadModel(out);
      const { table } = readDataset(data);
      expect(manifest).toMatchObject({ format: "cartlift-model", kind, items: table.dicts.item.size });
      expect(items.ids()).toEqual(table.dicts.item.ids());
      const history = Array.from({ length: 8 }, (_, q) => ({
        item: table.item[100 + q],
        kind: table.kind[100 + q],
        ts: table.ts[100 + q],
      }));
      const fresh = kind === "covis" ? trainCovis(table, { scope: "user", k: 20 }) : null;
      const loaded = model.recommend(history, { k: 20 });
      if (fresh) expect(Array.from(loaded.items)).toEqual(Array.from(fresh.recommend(history, { k: 20 }).items));
      expect(loaded.items.length).toBe(20);
    });
  }

  it("train(covis, three lists) round-trips every list and the scoring choice", async () => {
    const out = tmp.path("three.model");
    await train({
      kind: "covis",
      data,
      out,
      options: { matrices: ["covisit", "buy2buy", "cart2buy"], matrix: "buy2buy" },
    });
    const { table } = readDataset(data);
    const fresh = trainCovis(table, { matrices: ["covisit", "buy2buy", "cart2buy"], scoring: { matrix: "buy2buy" } });
    const { model } = loadModel(out);
    expect(model.name).toBe("covis");
    const loaded = model as typeof fresh;
    expect(Object.keys(loaded.matrices)).toEqual(["covisit", "buy2buy", "cart2buy"]);
    for (const name of ["covisit", "buy2buy", "cart2buy"]) expect(loaded.matrices[name]).toEqual(fresh.matrices[name]);
    expect(loaded.scoring.matrix).toBe("buy2buy");
    expect(fresh.matrices.cart2buy.indices.length).toBeGreaterThan(0);
  });

  it("train(covis:0.7+popular:0.3) writes a blend whose loaded parts recommend what freshly trained parts do", async () => {
    const out = tmp.path("blend.model");
    const report = await train({
      kind: "covis[scope=user,k=20]:0.7+popular[half-life=1d]:0.3",
      data,
      out,
    });
    expect(report.neighbours).toBeGreaterThan(0);
    expect(Object.keys(report.phaseSeconds)).toEqual(
      expect.arrayContaining(["load", "count_covisit", "fit_popular", "write"]),
    );
    const { model, manifest } = loadModel(out);
    expect(manifest.kind).toBe("blend");
    expect(model.name).toBe("covis:0.7+popular:0.3");
    const { table } = readDataset(data);
    const { BlendModel } = await import("../../src/models/blend.js");
    const { PopularModel } = await import("../../src/models/baselines/popular.js");
    // the popular part decays with its half-life: its list differs from covis's fallback and must survive the round
    // trip
    const fresh = new BlendModel([
      { model: trainCovis(table, { scope: "user", k: 20 }), weight: 0.7 },
      { model: PopularModel.train(table, { halfLifeMs: 86_400_000 }), weight: 0.3 },
    ]);
    for (const start of [0, 40, 120]) {
      const history = Array.from({ length: 5 }, (_, q) => ({
        item: table.item[start + q],
        kind: table.kind[start + q],
        ts: table.ts[start + q],
      }));
      const got = model.recommend(history, { k: 15 });
      const want = fresh.recommend(history, { k: 15 });
      expect(Array.from(got.items)).toEqual(Array.from(want.items));
      expect(Array.from(got.scores)).toEqual(Array.from(want.scores));
    }
    await expect(train({ kind: "covis+nonsense", data, out })).rejects.toThrow(/unknown model "nonsense"/);
  });

  it("train() twice on the same data writes byte-identical model files", async () => {
    await train({ kind: "covis", data, out: tmp.path("a.model") });
    await train({ kind: "covis", data, out: tmp.path("b.model") });
    expect(readFileSync(tmp.path("a.model")).equals(readFileSync(tmp.path("b.model")))).toBe(true);
  });

  it("loadModel() refuses a truncated, corrupted or foreign file with a clear error", () => {
    const good = readFileSync(tmp.path("a.model"));
    const cases: [string, Uint8Array, RegExp][] = [
      ["truncated", good.subarray(0, good.length - 100), /lies outside the file|truncated/],
      ["flipped", Uint8Array.from(good, (b, i) => (i === good.length - 50 ? b ^ 0xff : b)), /fails its checksum/],
      ["foreign", Buffer.from("PAR1 this is not a model at all"), /wrong magic bytes/],
      ["empty", new Uint8Array(0), /wrong magic bytes/],
    ];
    for (const [name, bytes, message] of cases) {
      const file = tmp.path(`${name}.model`);
      writeFileSync(file, bytes);
      const e = (() => {
        try {
          loadModel(file);
          return null;
        } catch (x) {
          return x;
        }
      })();
      expect(e, name).toBeInstanceOf(InputError);
      expect((e as InputError).message).toMatch(message);
    }
  });
});
