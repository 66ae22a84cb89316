import { beforeAll, describe, expect, it } from "vitest";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { evaluate, type EvaluateOptions } from "../../src/pipeline/evaluate.js";
import { train } from "../../src/pipeline/train.js";
import { scoreExternal } from "../../src/evaluation/external.js";
import { REPO, seeded, tempDir } from "../helpers.js";
import { svgsWithClass, wellFormednessProblems } from "./html-check.js";

const tmp = tempDir();
const data = tmp.path("rees46");
const otto = tmp.path("otto");
const base = (over: Partial<EvaluateOptions> = {}): EvaluateOptions => ({
  data,
  models: ["popular", "covis", "covis:0.7+history:0.3"],
  protocol: "session-next",
  ks: [5, 10, 20],
  seed: 42,
  resamples: 200,
  level: 0.95,
  target: "purchase",
  horizonMs: Infinity,
  maxHistory: 50,
  ttlMs: 24 * 3_600_000,
  threads: 1,
  ...over,
});

beforeAll(async () => {
  await ingest({
    inputs: [join(REPO, "datasets/rees46-oct2019-sample/rees46-sample.csv")],
    preset: "rees46",
    out: data,
  });
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out: otto });
});

describe("evaluate on the shipped REES46 sample", () => {
  it("evaluate(session-next) scores every model on the same cases, with intervals that hold the mean, and writes a report", async () => {
    const dir = tmp.path("report");
    const r = await evaluate(base({ reportDir: dir }));
    expect(r.cases).toBeGreaterThan(1000);
    expect(r.models.map((m) => m.name)).toEqual(["popular", "covis", "covis:0.7+history:0.3"]);
    for (const m of r.models)
      for (const [key, v] of Object.entries(m.values)) {
        const [lo, hi] = m.intervals[key];
        expect(lo).toBeLessThanOrEqual(v + 1e-12);
        expect(hi).toBeGreaterThanOrEqual(v - 1e-12);
      }
    // co-visitation beats popularity by far on session data, and the report says so
    expect(r.models[1].values["HR@20"]).toBeGreaterThan(r.models[0].values["HR@20"] + 0.2);
    expect(r.models[1].vsBaseline!["HR@20"].significant).toBe(true);
    // HR >= recall (a case with any hit counts 1, its recall at most 1), and HR@k grows with k
    for (const m of r.models) {
      for (const k of [5, 10, 20]) expect(m.values[`HR@${k}`]).toBeGreaterThanOrEqual(m.values[`Recall@${k}`]);
      expect(m.values["HR@5"]).toBeLessThanOrEqual(m.values["HR@10"]);
      expect(m.values["HR@10"]).toBeLessThanOrEqual(m.values["HR@20"]);
    }
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(wellFormednessProblems(html)).toEqual([]);
    // one target per case: HR = Recall and MRR = MAP on real data too, each pair drawn once
    expect(svgsWithClass(html, "metric-chart").map((svg) => svg["data-metric"])).toEqual([
      "HR = Recall",
      "Precision",
      "MRR = MAP",
      "NDCG",
    ]);
    expect(svgsWithClass(html, "breakdown-chart").length).toBe(r.models[0].breakdowns.length);
    expect(readFileSync(join(dir, "report.md"), "utf8")).toContain("HR@20");
  });

  it("evaluate() twice with the same seed writes byte-identical report files", async () => {
    await evaluate(base({ reportDir: tmp.path("a"), models: ["popular", "covis"] }));
    await evaluate(base({ reportDir: tmp.path("b"), models: ["popular", "covis"] }));
    for (const f of ["report.md", "report.html", "report.json"])
      expect(readFileSync(tmp.path(`a/${f}`)).equals(readFileSync(tmp.path(`b/${f}`)))).toBe(true);
  });

  // the REES46 sample spans three hours: the protocols over days run on the OTTO sample (four weeks)
  for (const protocol of ["session-future", "user-holdout", "empty-cart"] as const) {
    it(`evaluate(${protocol}) runs on the sample and its case counts reconcile`, async () => {
      const r = await evaluate(
        base({
          data: protocol === "session-future" ? data : otto,
          protocol,
          models: ["popular", "history"],
          testShare: 0.5,
          target: "cart",
          windowMs: 14 * 86_400_000,
        }),
      );
      expect(r.cases).toBeGreaterThan(0);
      expect(r.caseStats.cases).toBe(r.cases);
      if (protocol === "session-future") {
        expect(r.caseStats.testSessions).toBe(r.cases + r.caseStats.droppedShortSessions);
        // the OTTO score weighs its three recalls 0.1 / 0.3 / 0.6 (otto-score.ts has the hand-checked cases)
        const o = r.models[0].otto!;
        expect(o.score).toBeCloseTo(0.1 * o.clicks + 0.3 * o.carts + 0.6 * o.orders, 12);
        for (const recall of [o.clicks, o.carts, o.orders]) expect(recall).toBeLessThanOrEqual(1);
        expect(o.clicks).toBeGreaterThan(0); // popular items are clicked next in some sessions
      }
      if (protocol === "empty-cart") expect(r.caseStats.moments).toBe(r.cases + r.caseStats.momentsWithoutTargets);
    }, 30_000);
  }

  it("evaluate(a model file) uses the file's --until as the cut and equals training the same model inside", async () => {
    const inside = await evaluate(base({ models: ["covis"], cut: Date.parse("2019-10-01T02:00:00Z") }));
    const file = tmp.path("until.model");
    await train({ kind: "covis", data, out: file, until: Date.parse("2019-10-01T02:00:00Z"), threads: 1 });
    const fromFile = await evaluate(base({ models: [file] }));
    expect(fromFile.cut).toBe(inside.cut);
    expect(fromFile.models[0].values).toEqual(inside.models[0].values);
  });

  it("evaluate() refuses a model file trained past the cut (it has seen the test part)", async () => {
    const file = tmp.path("all.model");
    await train({ kind: "popular", data, out: file });
    await expect(evaluate(base({ models: [file] }))).rejects.toThrow(/no --until|seen the test part/);
    await train({ kind: "popular", data, out: file, until: Date.parse("2019-10-01T02:30:00Z") });
    await expect(evaluate(base({ models: [file], cut: Date.parse("2019-10-01T02:00:00Z") }))).rejects.toThrow(
      /seen the test part/,
    );
  });

  it("readModelsConfig(file) lists named specs and model files next to it; evaluate shows the names", async () => {
    const { readModelsConfig } = await import("../../src/io/read-models-config.js");
    await train({ kind: "popular", data, out: tmp.path("cfg/pop.model"), until: Date.parse("2019-10-01T02:00:00Z") });
    writeFileSync(
      tmp.path("cfg/models.json"),
      JSON.stringify({ models: ["pop.model", { name: "cosine", spec: "covis[normalise=cosine]" }] }),
    );
    const models = readModelsConfig(tmp.path("cfg/models.json"));
    expect(models).toEqual([tmp.path("cfg/pop.model"), { name: "cosine", spec: "covis[normalise=cosine]" }]);
    const r = await evaluate(base({ models }));
    expect(r.models.map((m) => m.name)).toEqual(["pop.model", "cosine"]);
    writeFileSync(tmp.path("cfg/bad.json"), JSON.stringify({ models: [42] }));
    expect(() => readModelsConfig(tmp.path("cfg/bad.json"))).toThrow(/models\[0\] must be a spec string/);
  });

  it("evaluate() rejects unknown models and options with the spec in the message", async () => {
    await expect(evaluate(base({ models: ["covis[nope=1]"] }))).rejects.toThrow(/unknown option "nope"/);
    await expect(evaluate(base({ models: ["sknn"] }))).rejects.toThrow(/unknown model "sknn"/);
  });
});

/** The reference scorer's rules (../shared/reference/session_protocol.py score_recs_file), transliterated. */
function referenceScore(recs: Map<string, string[]>, truth: Map<string, string>, k: number) {
  let hr = 0,
    mrr = 0,
    missing = 0;
  for (const [id, target] of truth) {
    const items = recs.get(id);
    if (!items) {
      missing++;
      continue;
    }
    const rank = items.slice(0, k).indexOf(target) + 1;
    if (rank > 0) {
      hr += 1;
      mrr += 1 / rank;
    }
  }
  return { hr: hr / truth.size, mrr: mrr / truth.size, missing };
}

describe("scoreExternal", () => {
  const rnd = seeded(11);
  const truth = new Map<string, string>();
  const recs = new Map<string, string[]>();
  for (let q = 0; q < 500; q++) {
    truth.set(`s${q}:1`, `i${Math.floor(rnd() * 30)}`);
    if (rnd() < 0.05) continue; // missing lists
    recs.set(
      `s${q}:1`,
      Array.from({ length: Math.floor(rnd() * 25) }, () => `i${Math.floor(rnd() * 30)}`),
    ); // short lists, repeats
  }
  recs.set("extra:1", ["i1"]);
  const truthFile = tmp.path("truth.jsonl");
  const recsFile = tmp.path("recs.jsonl");
  beforeAll(() => {
    writeFileSync(truthFile, [...truth].map(([id, target]) => JSON.stringify({ id, target })).join("\n") + "\n");
    writeFileSync(recsFile, [...recs].map(([id, items]) => JSON.stringify({ id, items })).join("\n") + "\n");
  });

  it("scoreExternal(recs, truth, [20]) follows the reference scorer's rules (HR, MRR, missing, extra)", async () => {
    const s = await scoreExternal(recsFile, truthFile, [20]);
    const want = referenceScore(recs, truth, 20);
    expect(Math.abs((s["HR@20"] as number) - want.hr)).toBeLessThan(1e-12);
    expect(Math.abs((s["MRR@20"] as number) - want.mrr)).toBeLessThan(1e-12);
    expect(s.missing).toBe(want.missing);
    expect(s.extra).toBe(1);
    expect(s.n).toBe(500);
    expect(s.short_lists).toBeGreaterThan(0);
    expect(s.lists_with_duplicates).toBeGreaterThan(0);
  });

  it("scoreExternal refuses an id listed twice, naming the file and line", async () => {
    const twice = tmp.path("twice.jsonl");
    writeFileSync(twice, '{"id": "a", "items": []}\n{"id": "a", "items": []}\n');
    await expect(scoreExternal(twice, truthFile, [20])).rejects.toThrow(/twice.jsonl:2: id "a" appears twice/);
  });

  const python = "/usr/bin/python3";
  const script = join(REPO, "..", "shared", "reference", "session_protocol.py");
  const hasReference = existsSync(script) && spawnSync(python, ["-c", "import numpy"]).status === 0;
  it.skipIf(!hasReference)(
    "scoreExternal equals the Python reference scorer to 1e-9 (runs when ../shared and numpy are there)",
    async () => {
      const r = spawnSync(python, [script, "score", "--recs", recsFile, "--truth", truthFile, "--k", "20"], {
        encoding: "utf8",
      });
      expect(r.status, r.stderr).toBe(0);
      const ref = JSON.parse(r.stdout);
      const s = await scoreExternal(recsFile, truthFile, [20]);
      expect(Math.abs((s["HR@20"] as number) - ref["hr@20"])).toBeLessThan(1e-9);
      expect(Math.abs((s["MRR@20"] as number) - ref["mrr@20"])).toBeLessThan(1e-9);
      for (const key of ["n", "missing", "extra", "short_lists", "lists_with_duplicates"])
        expect(s[key]).toBe(ref[key]);
    },
  );
});
