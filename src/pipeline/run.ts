import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { join, relative } from "node:path";
import { CartliftError, EXIT, UsageError } from "../errors.js";
import { readDataset, readManifest } from "../io/read-dataset.js";
import { parseModelSpec } from "./model-spec.js";
import { loadModel } from "../models/model-reader.js";
import { readPipelineConfig, type PipelineConfig } from "../run/pipeline-config.js";
import { writeReplayReport } from "./write-reports.js";
import { parseDuration } from "../data/duration.js";
import { VERSION } from "../version.js";
import { METRICS, metricKey } from "../evaluation/metrics/index.js";
import { evaluate } from "./evaluate.js";
import { exportModel } from "./export.js";
import { ingest } from "./ingest.js";
import { replayEmptyCart } from "./replay.js";
import { simulate } from "./simulate.js";
import { train } from "./train.js";

export interface RunOptions {
  pipeline: string;
  /** `key=value` overrides of the pipeline file (dotted keys, JSON values). */
  set?: string[];
  /** The artifact serving now: the new one is published only if it is at least as good on the newest data. */
  gate?: string;
  out?: string;
  onPhase?: (label: string) => void;
}

/**
 * run.json: what a run read, did and measured (paths inside the run relative to it); identical for the same inputs and
 * seed apart from `timings`.
 */
export interface RunRecord {
  name: string;
  cartliftVersion: string;
  seed: number;
  pipeline: { path: string; sha256: string; config: PipelineConfig };
  dataset: { path: string; sources: { path: string; sha256: string }[]; events: number; rejected: number };
  /** `values`: the primary metric per model; `metrics`: every reported metric per model. */
  evaluation: {
    dir: string;
    protocol: string;
    cut: string | null;
    primary: string;
    values: Record<string, number>;
    metrics: Record<string, Record<string, number>>;
  };
  replay?: { dir: string; data: string; moments: number; users: number };
  artifact: { path: string; bytes: number; neighbours: number; sha256: string; trainedUntil: string };
  gate?: {
    champion: string;
    cut: string;
    primary: string;
    champion_value: number;
    candidate_value: number;
    diff: number;
    low: number;
    high: number;
    passed: boolean;
    reason: string;
  };
  published: string | null;
  timings: Record<string, number>;
}

/**
 * `cartlift run`: the nightly job from one pipeline file: ingest, evaluate the models side by side,
 * replay the empty-cart moments, train and export the chosen model, and publish it unless a champion
 * does better on the newest data (then exit 3). Everything lands in the run directory.
 */
export async function run(o: RunOptions): Promise<RunRecord> {
  const config = readPipelineConfig(o.pipeline, o.set);
  const metrics = METRICS.flatMap((m) => config.evaluate.k.map((k) => metricKey(m.name, k)));
  if (!metrics.includes(config.evaluate.primary))
    throw new UsageError(
      `${o.pipeline}: evaluate.primary "${config.evaluate.primary}" is not one of the reported metrics`,
      `e.g. ${metrics.filter((m) => m.startsWith("HR@") || m.startsWith("MRR@")).join(", ")}`,
    );
  const dir = o.out ?? join("runs", config.name);
  mkdirSync(dir, { recursive: true });
  const timings: Record<string, number> = {};
  const step = async <T>(name: string, label: string, f: () => Promise<T> | T): Promise<T> => {
    o.onPhase?.(label);
    const t0 = performance.now();
    const r = await f();
    timings[name] = Math.round(performance.now() - t0) / 1000;
    return r;
  };

  const data = config.dataset ?? join(dir, "dataset");
  if (config.ingest) {
    const report = await step("ingest", `ingesting ${config.ingest.inputs.length} file(s)`, () =>
      ingest({ inputs: config.ingest!.inputs, preset: config.ingest!.preset, out: data }),
    );
    const limit = config.ingest.maxRejected === undefined ? 1 : parseShareText(config.ingest.maxRejected);
    if (report.rejected > limit * report.read)
      throw new CartliftError(
        "too_many_rejected",
        `${report.rejected} of ${report.read} rows rejected (limit ${config.ingest.maxRejected})`,
        `see ${data}/quarantine.csv`,
        EXIT.rejectedRows,
      );
  }
  const manifest = readManifest(data);

  const evaluation = await step("evaluate", `evaluating ${config.models.length} models`, () =>
    evaluate({
      data,
      models: config.models,
      protocol: config.evaluate.protocol as never,
      ks: config.evaluate.k,
      testShare: config.evaluate.testShare,
      seed: config.seed,
      resamples: config.evaluate.bootstrap,
      level: 0.95,
      target: "purchase",
      horizonMs: Infinity,
      maxHistory: 50,
      ttlMs: 86_400_000,
      reportDir: join(dir, "evaluation"),
    }),
  );

  let replay: RunRecord["replay"];
  if (config.replay) {
    const r = config.replay;
    const replayData = r.simulate ? join(dir, "replay-shop") : data;
    if (r.simulate)
      await step("simulate", `simulating a shop of ${r.simulate.users} users for the replay`, () =>
        simulate({ out: replayData, config: { users: r.simulate!.users, seed: r.simulate!.seed } }),
      );
    const report = await step("replay", "replaying the empty-cart moments", () =>
      replayEmptyCart({
        data: replayData,
        policies: r.policies,
        k: 6,
        ttlMs: parseDuration(r.ttl, "replay.ttl"),
        windows: r.windows.map((w) =>
          w === "session"
            ? { kind: "session" as const, label: w }
            : { kind: "duration" as const, ms: parseDuration(w, "replay.windows"), label: w },
        ),
        maxHistory: 50,
        assumptions: { engagementRate: 0.0249, clickToOrder: 0.27 },
        seed: config.seed,
        resamples: config.evaluate.bootstrap,
        level: 0.95,
      }),
    );
    writeReplayReport(join(dir, "replay"), report);
    replay = {
      dir: join(dir, "replay"),
      data: r.simulate ? `simulated shop (${r.simulate.users} users, seed ${r.simulate.seed})` : data,
      moments: report.moments.moments,
      users: report.moments.users,
    };
  }

  // the shipped model sees all the data; its --until (the data's end) lets a later run's gate judge it on newer data
  // only
  const chosen = config.models.find((m) => m.name === config.export.model)!;
  const { table } = readDataset(data);
  let end = -Infinity;
  for (let i = 0; i < table.length; i++) if (table.ts[i] > end) end = table.ts[i];
  const until = end + 1;
  const trained = join(dir, "models", `${chosen.name}.model`);
  mkdirSync(join(dir, "models"), { recursive: true });
  await step("train", `training ${chosen.name} on all the data`, async () =>
    trainSpec(chosen.spec, data, trained, until),
  );
  const artifactPath = join(dir, "artifact.cartlift");
  const exported = await step("export", "exporting the artifact", () =>
    exportModel({
      model: trained,
      out: artifactPath,
      quantize: config.export.quantize,
      k: config.export.k,
      metrics: join(dir, "evaluation", "report.json"),
      metricsModel: chosen.name,
    }),
  );

  let gate: RunRecord["gate"];
  if (o.gate)
    gate = await step("gate", `judging against the champion ${o.gate}`, () =>
      judge(o.gate!, chosen.spec, data, config),
    );
  const published = !gate || gate.passed ? join(dir, "publish", "model.cartlift") : null;
  if (published) {
    mkdirSync(join(dir, "publish"), { recursive: true });
    copyFileSync(artifactPath, published);
  }
  // paths inside the run directory are written relative to it: two runs of the same inputs give the same run.json
  const inRun = (p: string) => relative(dir, p) || ".";
  const record: RunRecord = {
    name: config.name,
    cartliftVersion: VERSION,
    seed: config.seed,
    pipeline: { path: o.pipeline, sha256: sha256(readFileSync(o.pipeline)), config },
    dataset: {
      path: config.dataset ? data : inRun(data),
      sources: manifest.sources.map((s) => ({ path: s.path, sha256: s.sha256 })),
      events: manifest.counts.accepted,
      rejected: manifest.counts.rejected,
    },
    evaluation: {
      dir: "evaluation",
      protocol: evaluation.protocol,
      cut: evaluation.cut,
      primary: config.evaluate.primary,
      values: Object.fromEntries(evaluation.models.map((m) => [m.name, m.values[config.evaluate.primary]])),
      metrics: Object.fromEntries(evaluation.models.map((m) => [m.name, m.values])),
    },
    ...(replay
      ? { replay: { ...replay, dir: "replay", data: config.replay?.simulate ? replay.data : inRun(replay.data) } }
      : {}),
    artifact: {
      path: inRun(artifactPath),
      bytes: exported.bytes,
      neighbours: exported.neighbours,
      sha256: sha256(readFileSync(artifactPath)),
      trainedUntil: new Date(until).toISOString(),
    },
    ...(gate ? { gate } : {}),
    published: published && inRun(published),
    timings,
  };
  writeFileSync(join(dir, "run.json"), JSON.stringify(record, null, 2) + "\n");
  if (gate && !gate.passed)
    throw new CartliftError(
      "gate_failed",
      `the new model did not pass the gate: ${gate.reason}`,
      `nothing was published; see ${join(dir, "run.json")}`,
      EXIT.gate,
    );
  return record;
}

/** Trains a spec (a kind, a kind with options, a blend) or copies a model file, with a known --until. */
async function trainSpec(specText: string, data: string, out: string, until: number): Promise<void> {
  const spec = parseModelSpec(specText, "export.model");
  if ("file" in spec) {
    copyFileSync(spec.file, out);
    return;
  }
  await train({ kind: specText, data, out, until });
}

/**
 * The gate: the champion and the new model (trained here up to the champion's --until) are evaluated
 * on the same newest data, after the champion's training end. The new model fails when its primary
 * metric is lower by more than the tolerance, or when the paired interval of the difference is wholly
 * below 0; with no newer cases there is nothing to judge on, which fails too.
 */
async function judge(
  champion: string,
  specText: string,
  data: string,
  config: PipelineConfig,
): Promise<NonNullable<RunRecord["gate"]>> {
  const { manifest } = loadModel(champion);
  const until = manifest.data?.until;
  if (!until)
    throw new UsageError(
      `${champion} records no --until: there is no newer data it has not seen`,
      "publish artifacts with cartlift run (it records the training end)",
    );
  const primary = config.evaluate.primary;
  let r;
  try {
    r = await evaluate({
      data,
      models: [
        { name: "champion", spec: champion },
        { name: "candidate", spec: specText },
      ],
      protocol: config.evaluate.protocol as never,
      ks: config.evaluate.k,
      cut: Date.parse(until),
      seed: config.seed,
      resamples: config.evaluate.bootstrap,
      level: 0.95,
      target: "purchase",
      horizonMs: Infinity,
      maxHistory: 50,
      ttlMs: 86_400_000,
    });
  } catch (e) {
    if (!(e instanceof CartliftError)) throw e;
    return {
      champion,
      cut: until,
      primary,
      champion_value: NaN,
      candidate_value: NaN,
      diff: NaN,
      low: NaN,
      high: NaN,
      passed: false,
      reason: `no evaluation on data after ${until} (${e.message})`,
    };
  }
  const champ = r.models[0].values[primary];
  const cand = r.models[1].values[primary];
  const d = r.models[1].vsBaseline![primary];
  const tooLow = cand < champ - config.gate.tolerance;
  const surelyWorse = d.high < 0 && cand < champ - config.gate.tolerance / 2;
  const passed = !tooLow && !surelyWorse;
  const reason = passed
    ? `${primary} ${cand.toFixed(4)} vs champion ${champ.toFixed(4)} (tolerance ${config.gate.tolerance})`
    : `${primary} ${cand.toFixed(4)} vs champion ${champ.toFixed(4)}, difference ${d.diff.toFixed(4)} [${d.low.toFixed(4)}, ${d.high.toFixed(4)}], tolerance ${config.gate.tolerance}`;
  return {
    champion,
    cut: r.cut!,
    primary,
    champion_value: champ,
    candidate_value: cand,
    diff: d.diff,
    low: d.low,
    high: d.high,
    passed,
    reason,
  };
}

function parseShareText(text: string): number {
  const pct = text.trim().endsWith("%");
  const v = Number(text.trim().replace(/%$/, "")) / (pct ? 100 : 1);
  if (!(v >= 0 && v <= 1)) throw new UsageError(`ingest.maxRejected "${text}" is not a share (0..1 or 0%..100%)`);
  return v;
}

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
