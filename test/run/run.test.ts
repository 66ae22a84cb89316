import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../src/pipeline/run.js";
import { readPipelineConfig } from "../../src/run/pipeline-config.js";
import { train } from "../../src/pipeline/train.js";
import { exportModel } from "../../src/pipeline/export.js";
import { ingest } from "../../src/pipeline/ingest.js";
import { CartliftError, EXIT } from "../../src/errors.js";
import { REPO, tempDir } from "../helpers.js";

const tmp = tempDir();
const pipeline = tmp.path("pipeline.json");
const SAMPLE = join(REPO, "datasets/rees46-oct2019-sample/rees46-sample.csv");

beforeAll(() => {
  writeFileSync(
    pipeline,
    JSON.stringify({
      name: "test",
      seed: 7,
      ingest: { inputs: [SAMPLE], preset: "rees46", maxRejected: "1%" },
      models: [
        { name: "popular", spec: "popular" },
        { name: "covis", spec: "covis" },
      ],
      evaluate: { protocol: "session-next", k: [10, 20], primary: "HR@20", testShare: 0.1, bootstrap: 200 },
      replay: { policies: ["history", "covis"], windows: ["session", "7d"], simulate: { users: 4000, seed: 3 } },
      export: { model: "covis", quantize: 16 },
      gate: { tolerance: 0.005 },
    }),
  );
});

describe("readPipelineConfig", () => {
  it("readPipelineConfig names the bad key and the allowed values", () => {
    const bad = (config: object, message: RegExp) => {
      const path = tmp.path(`bad-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(path, JSON.stringify(config));
      expect(() => readPipelineConfig(path)).toThrow(message);
    };
    const base = { dataset: "x", models: [{ name: "a", spec: "popular" }], export: { model: "a" } };
    bad({ ...base, colour: "red" }, /"colour" is not a pipeline key \(allowed: name, seed, ingest/);
    bad({ ...base, export: { model: "b" } }, /"export.model" names no model \(models: a\)/);
    bad({ ...base, export: { model: "a", quantize: 4 } }, /"export.quantize" must be 16, 8 or "none", got 4/);
    bad({ ...base, evaluate: { k: [0] } }, /"evaluate.k\[0\]" must be a number from 1 to 1000/);
    bad({ models: base.models, export: base.export }, /"ingest" or "dataset": give exactly one/);
    expect(readPipelineConfig(pipeline, ["evaluate.testShare=0.2", "name=other"]).evaluate.testShare).toBe(0.2);
  });
});

describe("cartlift run", () => {
  it("run(pipeline) ingests, evaluates, replays on a simulated shop, exports and publishes; twice gives the same run.json apart from timings", async () => {
    const a = await run({ pipeline, out: tmp.path("run-a") });
    const b = await run({ pipeline, out: tmp.path("run-b") });
    for (const f of [
      "run.json",
      "artifact.cartlift",
      "evaluation/report.html",
      "replay/report.md",
      "publish/model.cartlift",
    ])
      expect(existsSync(tmp.path(`run-a/${f}`)), f).toBe(true);
    const strip = (p: string) => ({ ...JSON.parse(readFileSync(p, "utf8")), timings: null });
    expect(strip(tmp.path("run-a/run.json"))).toEqual(strip(tmp.path("run-b/run.json")));
    expect(a.evaluation.values.covis).toBeGreaterThan(a.evaluation.values.popular);
    expect(a.replay!.moments).toBeGreaterThan(0);
    expect(a.published).toBe("publish/model.cartlift");
    expect(b.artifact.sha256).toBe(a.artifact.sha256);
  }, 60_000);

  it("the gate publishes when the new model beats the champion on newer data, and exits 3 without publishing when it does not", async () => {
    const ds = tmp.path("gate-ds");
    await ingest({ inputs: [SAMPLE], preset: "rees46", out: ds });
    const cut = Date.parse("2019-10-01T02:20:00Z");
    const weak = tmp.path("weak.model");
    await train({ kind: "popular", data: ds, out: weak, until: cut });
    exportModel({ model: weak, out: tmp.path("weak.artifact"), quantize: 16 });
    const passed = await run({ pipeline, out: tmp.path("run-pass"), gate: tmp.path("weak.artifact") });
    expect(passed.gate!.passed).toBe(true);
    expect(passed.published).toBe("publish/model.cartlift");

    const strong = tmp.path("strong.model");
    await train({ kind: "covis", data: ds, out: strong, until: cut });
    exportModel({ model: strong, out: tmp.path("strong.artifact"), quantize: 16 });
    const failing = run({
      pipeline,
      out: tmp.path("run-fail"),
      gate: tmp.path("strong.artifact"),
      set: ['export.model="popular"'],
    });
    await expect(failing).rejects.toMatchObject({ code: "gate_failed", exitCode: EXIT.gate });
    await failing.catch((e) => expect(e).toBeInstanceOf(CartliftError));
    expect(existsSync(tmp.path("run-fail/publish/model.cartlift"))).toBe(false);
    const record = JSON.parse(readFileSync(tmp.path("run-fail/run.json"), "utf8"));
    expect(record.gate.passed).toBe(false);
    expect(record.published).toBeNull();
  }, 120_000);
});
