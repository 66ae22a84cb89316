import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { run } from "../../src/pipeline/run.js";
import { segment } from "../../src/pipeline/segment.js";
import { gatePasses } from "../../src/pipeline/gate.js";
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
      replay: {
        moments: ["empty-cart", "add-to-cart", "abandoned-cart"],
        policies: ["history", "covis"],
        windows: ["session", "7d"],
        simulate: { users: 4000, seed: 3 },
      },
      export: { model: "covis", quantize: 16 },
      gate: { tolerance: 0.005 },
      segment: { format: "csv" },
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
    bad({ ...base, segment: { format: "xml" } }, /"segment.format" must be "csv", "jsonl" or "parquet", got "xml"/);
    bad({ ...base, segment: { at: "now" } }, /"segment.at"/);
    bad({ ...base, export: { model: "a", quantize: 4 } }, /"export.quantize" must be 16, 8 or "none", got 4/);
    bad({ ...base, evaluate: { k: [0] } }, /"evaluate.k\[0\]" must be a whole number from 1 to 1000/);
    bad({ models: base.models, export: base.export }, /"ingest" or "dataset": give exactly one/);
    expect(readPipelineConfig(pipeline, ["evaluate.testShare=0.2", "name=other"]).evaluate.testShare).toBe(0.2);
  });

  const refuses = (config: object) => {
    const path = tmp.path(`cfg-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(config));
    try {
      readPipelineConfig(path);
    } catch (e) {
      return (e as Error).message;
    }
    return "accepted";
  };
  const base = { dataset: "x", models: [{ name: "a", spec: "popular" }], export: { model: "a" } };

  it("readPipelineConfig rejects unknown nested keys, naming the key", () => {
    expect(refuses({ ...base, gate: { tolerence: 0.01 } })).toMatch(
      /"gate.tolerence" is not a key of "gate" \(allowed: tolerance\)/,
    );
    expect(refuses({ ...base, export: { model: "a", quantise: 8 } })).toMatch(
      /"export.quantise" is not a key of "export"/,
    );
    expect(refuses({ ...base, evaluate: { primay: "HR@10" } })).toMatch(/"evaluate.primay" is not a key of "evaluate"/);
    expect(refuses({ ...base, dataset: undefined, ingest: { inputs: ["a.csv"], colour: "red" } })).toMatch(
      /"ingest.colour" is not a key of "ingest" \(allowed: inputs, preset, maxRejected, map, events, tz, decimalComma, noHeader, dateOrder, sessionGap\)/,
    );
    expect(refuses({ ...base, replay: { simulate: { user: 10 } } })).toMatch(/"replay.simulate.user" is not a key/);
    expect(refuses({ ...base, replay: { moments: ["empty-cart", "wishlist"] } })).toMatch(
      /"replay.moments\[1\]".*"wishlist" is not a moment \(moments: empty-cart, add-to-cart, abandoned-cart, price-drop\)/,
    );
    expect(refuses({ ...base, models: [{ name: "a", spec: "popular", weight: 2 }] })).toMatch(/"models\[0\].weight"/);
  });

  it("readPipelineConfig wants whole numbers for counts and bounds every number, naming the key", () => {
    expect(refuses({ ...base, seed: 1.5 })).toMatch(/"seed" must be a whole number from 0 to 4294967295, got 1.5/);
    expect(refuses({ ...base, evaluate: { bootstrap: 1e8 } })).toMatch(
      /"evaluate.bootstrap" must be a whole number from 1 to 100000, got 100000000/,
    );
    expect(refuses({ ...base, evaluate: { bootstrap: 1e12 } })).toMatch(/"evaluate.bootstrap"/);
    expect(refuses({ ...base, replay: { simulate: { users: 1e12 } } })).toMatch(
      /"replay.simulate.users" must be a whole number from 1 to 10000000/,
    );
    expect(refuses({ ...base, export: { model: "a", k: 2.5 } })).toMatch(/"export.k" must be a whole number/);
    expect(refuses({ ...base, gate: { tolerance: -0.1 } })).toMatch(/"gate.tolerance" must be a number from 0 to 1/);
  });

  it("readPipelineConfig takes names as plain names, never paths", () => {
    expect(refuses({ ...base, name: "../../x" })).toMatch(/"name" must be a plain name/);
    expect(refuses({ ...base, models: [{ name: "../../x", spec: "popular" }], export: { model: "../../x" } })).toMatch(
      /"models\[0\].name" must be a plain name/,
    );
    expect(refuses({ ...base, models: [{ name: "..", spec: "popular" }], export: { model: ".." } })).toMatch(
      /plain name/,
    );
    expect(refuses({ ...base, name: "a\\b" })).toMatch(/plain name/);
  });

  it("readPipelineConfig reads the ingest options a run needs, with errors in pipeline keys", () => {
    const c = readPipelineConfigOf({
      ...base,
      dataset: undefined,
      ingest: {
        inputs: ["a.csv"],
        map: { item: "sku" },
        events: { purchase: "checkout_complete", cart_add: ["add_to_basket", "add"] },
        tz: "Europe/Berlin",
        decimalComma: true,
        noHeader: false,
        dateOrder: "dmy",
        sessionGap: "45m",
      },
    });
    expect(c.ingest).toMatchObject({
      map: { item: "sku" },
      events: { checkout_complete: "purchase", add_to_basket: "cart_add", add: "cart_add" },
      tz: "Europe/Berlin",
      decimalComma: true,
      noHeader: false,
      dateOrder: "dmy",
      sessionGapMs: 45 * 60_000,
    });
    const ing = (extra: object) => refuses({ ...base, dataset: undefined, ingest: { inputs: ["a.csv"], ...extra } });
    expect(ing({ map: { sku: "item" } })).toMatch(/"ingest.map.sku" is not a key of "ingest.map"/);
    expect(ing({ events: { buy: "x" } })).toMatch(/"ingest.events.buy" is not a key of "ingest.events"/);
    expect(ing({ dateOrder: "dym" })).toMatch(/"ingest.dateOrder" must be "dmy", "mdy" or "ymd"/);
    expect(ing({ sessionGap: "soon" })).toMatch(/"ingest.sessionGap" must be a positive duration/);
    expect(ing({ decimalComma: "yes" })).toMatch(/"ingest.decimalComma" must be true or false/);
    for (const m of [ing({ dateOrder: "dym" }), ing({ sessionGap: "soon" }), ing({ map: { sku: "item" } })])
      expect(m).not.toMatch(/--/);
  });

  function readPipelineConfigOf(config: object) {
    const path = tmp.path(`ok-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify(config));
    return readPipelineConfig(path);
  }
});

describe("gatePasses", () => {
  it("gatePasses(d, tolerance) fails only when the drop exceeds the tolerance and the interval excludes zero", () => {
    // the run: the same pipeline twice, -0.0001 [-0.0002, 0.0000] at tolerance 0 (failed under the old rule)
    expect(gatePasses({ diff: -0.0001, high: 0 }, 0)).toBe(true);
    expect(gatePasses({ diff: -0.0001, high: -0.00001 }, 0)).toBe(false);
    expect(gatePasses({ diff: -0.004, high: -0.001 }, 0.005)).toBe(true); // within the tolerance
    expect(gatePasses({ diff: -0.02, high: 0.001 }, 0.005)).toBe(true); // the interval holds zero: noise
    expect(gatePasses({ diff: -0.02, high: -0.01 }, 0.005)).toBe(false);
    expect(gatePasses({ diff: 0.01, high: 0.02 }, 0)).toBe(true);
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
      "replay-add-to-cart/report.md",
      "replay-abandoned-cart/report.html",
      "publish/model.cartlift",
    ])
      expect(existsSync(tmp.path(`run-a/${f}`)), f).toBe(true);
    const strip = (p: string) => ({ ...JSON.parse(readFileSync(p, "utf8")), timings: null });
    expect(strip(tmp.path("run-a/run.json"))).toEqual(strip(tmp.path("run-b/run.json")));
    expect(a.evaluation.values.covis).toBeGreaterThan(a.evaluation.values.popular);
    expect(a.replay!.moments).toBeGreaterThan(0);
    expect(Object.keys(a.replay!.byMoment!)).toEqual(["empty-cart", "add-to-cart", "abandoned-cart"]);
    expect(a.replay!.byMoment!["abandoned-cart"].moments).toBeGreaterThan(0);
    expect(a.published).toBe("publish/model.cartlift");
    expect(b.artifact.sha256).toBe(a.artifact.sha256);
    // the segment file: every user at the data's end, the same bytes as `cartlift segment` on the run's dataset
    expect(a.segments).toMatchObject({ path: "segments/segments.csv", published: "publish/segments.csv" });
    await segment({ data: tmp.path("run-a/dataset"), out: tmp.path("direct-segments.csv") });
    const direct = readFileSync(tmp.path("direct-segments.csv"));
    expect(readFileSync(tmp.path("run-a/publish/segments.csv")).equals(direct)).toBe(true);
    expect(direct.toString().trimEnd().split("\n").length - 1).toBe(a.segments!.users);
    // reports name the run's datasets from their own folder, not the staging folder the run was built in: a run
    // folder's bytes do not depend on where it lives (run.json apart from its timings)
    expect(JSON.parse(readFileSync(tmp.path("run-a/evaluation/report.json"), "utf8")).data).toBe("../dataset");
    expect(JSON.parse(readFileSync(tmp.path("run-a/replay/report.json"), "utf8")).data).toBe("../replay-shop");
    const files = readdirSync(tmp.path("run-a"), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== "run.json" && !e.name.endsWith(".lock"))
      .map((e) => relative(tmp.path("run-a"), join(e.parentPath, e.name)));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files)
      expect(readFileSync(tmp.path(`run-b/${f}`)).equals(readFileSync(tmp.path(`run-a/${f}`))), f).toBe(true);
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

  it("the gate compares champion and candidate as served: the same pipeline against its own artifact passes at tolerance 0", async () => {
    const ds = tmp.path("gate-same-ds");
    await ingest({ inputs: [SAMPLE], preset: "rees46", out: ds });
    const cut = Date.parse("2019-10-01T02:20:00Z");
    await train({ kind: "covis", data: ds, out: tmp.path("same.model"), until: cut });
    // 8-bit scores change some rankings: a full-precision candidate would differ from its own served artifact
    exportModel({ model: tmp.path("same.model"), out: tmp.path("same.artifact"), quantize: 8 });
    const r = await run({
      pipeline,
      out: tmp.path("run-same"),
      gate: tmp.path("same.artifact"),
      set: ["gate.tolerance=0", "export.quantize=8", "evaluate.k=[1,5]", 'evaluate.primary="MRR@5"'],
    });
    expect(r.gate).toMatchObject({ passed: true, diff: 0, tolerance: 0 });
    expect(r.gate!.candidate_value).toBe(r.gate!.champion_value);
  }, 120_000);

  it("after a gate failure publish/ holds no artifact, not even an earlier run's", async () => {
    const out = tmp.path("run-a"); // published by the first test
    expect(existsSync(join(out, "publish/model.cartlift"))).toBe(true);
    const ds = tmp.path("gate-stale-ds");
    await ingest({ inputs: [SAMPLE], preset: "rees46", out: ds });
    await train({ kind: "covis", data: ds, out: tmp.path("strong2.model"), until: Date.parse("2019-10-01T02:20:00Z") });
    exportModel({ model: tmp.path("strong2.model"), out: tmp.path("strong2.artifact"), quantize: 16 });
    const failing = run({ pipeline, out, gate: tmp.path("strong2.artifact"), set: ['export.model="popular"'] });
    await expect(failing).rejects.toMatchObject({ code: "gate_failed" });
    expect(existsSync(join(out, "publish/model.cartlift"))).toBe(false);
    expect(existsSync(join(out, "publish/segments.csv"))).toBe(false); // publish/ is the gate's, whole
    expect(existsSync(join(out, "segments/segments.csv"))).toBe(true);
  }, 120_000);

  it("run(--out) refuses a folder holding files cartlift did not write, and leaves them as they were", async () => {
    const out = tmp.path("user-folder");
    mkdirSync(out);
    writeFileSync(join(out, "run.json"), '{"mine": true}\n');
    writeFileSync(join(out, "notes.txt"), "keep me\n");
    await expect(run({ pipeline, out })).rejects.toMatchObject({ code: "foreign_out", exitCode: 2 });
    expect(readFileSync(join(out, "run.json"), "utf8")).toBe('{"mine": true}\n');
    const onlyRunJson = tmp.path("user-folder-2");
    mkdirSync(onlyRunJson);
    writeFileSync(join(onlyRunJson, "run.json"), '{"mine": true}\n');
    await expect(run({ pipeline, out: onlyRunJson })).rejects.toThrow(/run.json was not written by cartlift/);
    expect(readdirSync(onlyRunJson)).toEqual(["run.json"]);
  });

  it("run's ingest errors name pipeline keys, not flags run does not have", async () => {
    const csv = tmp.file("odd.csv", "when,who,what,sku\n2024-01-01T00:00:00Z,u1,view,i1\n");
    const p = tmp.file(
      "odd.json",
      JSON.stringify({ ingest: { inputs: [csv] }, models: [{ name: "p", spec: "popular" }], export: { model: "p" } }),
    );
    const err = await run({ pipeline: p, out: tmp.path("run-odd") }).catch((e) => e);
    expect(err).toBeInstanceOf(CartliftError);
    expect(`${err.message} ${err.hint}`).toMatch(/ingest\.map/);
    expect(`${err.message} ${err.hint}`).not.toMatch(/--map/);
  });

  it("run's ingest.maxRejected applies ingest's rule and hints: exit 5, naming the unmapped event and the pipeline key", async () => {
    const rows = ["ts,user_id,event_type,product_id"];
    const at = (min: number) => new Date(Date.UTC(2024, 0, 1) + min * 60_000).toISOString();
    for (let i = 0; i < 200; i++) rows.push(`${at(i)},u${Math.floor(i / 10)},view,i${(i * 7) % 13}`);
    for (let i = 0; i < 10; i++) rows.push(`${at(i)},u${i},checkout_complete,i1`);
    const csv = tmp.file("unmapped.csv", rows.join("\n") + "\n");
    const config = (maxRejected: string) =>
      JSON.stringify({
        ingest: { inputs: [csv], maxRejected },
        models: [{ name: "p", spec: "popular" }],
        evaluate: { k: [10], primary: "HR@10", bootstrap: 10 },
        export: { model: "p" },
      });
    const err = await run({ pipeline: tmp.file("strict.json", config("1%")), out: tmp.path("run-rej") }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(CartliftError);
    expect(err.exitCode).toBe(EXIT.rejectedRows);
    expect(err.message).toMatch(/^10 of 210 rows \(4\.76%\) were rejected/);
    expect(err.hint).toMatch(/ingest\.events purchase=checkout_complete/);
    expect(err.hint).not.toMatch(/--/);
    // 4.76% rejected is within a 5% limit: the run goes on
    const ok = await run({ pipeline: tmp.file("lenient.json", config("5%")), out: tmp.path("run-rej-ok") });
    expect(ok.dataset.rejected).toBe(10);
  }, 30_000);
});
