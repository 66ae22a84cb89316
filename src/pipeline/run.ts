import { basename, join, relative } from "node:path";
import { CartliftError, EXIT, UsageError } from "../errors.js";
import { readDataset, readManifest } from "../io/read-dataset.js";
import { readPipelineConfig, type PipelineConfig } from "../run/pipeline-config.js";
import { VERSION } from "../version.js";
import { METRICS, metricKey } from "../evaluation/metrics/index.js";
import { evaluate } from "./evaluate.js";
import { exportModelCommitted } from "./export.js";
import { judge, type GateRecord } from "./gate.js";
import { trainSpec } from "./train-spec.js";
import { asPipelineKeys, ingestForRun, publish, checkRunOut, stagedRun } from "./run-outputs.js";
import { tooManyRejected } from "./rejected-rows.js";
import { parseShare } from "../data/share.js";
import { lockFolder } from "../io/folder-lock.js";
import { writeAtomic } from "../io/write-atomic.js";
import { fileSha256 } from "../io/file-digest.js";
import { segment } from "./segment.js";
import { replayFolder, runReplay, type RunReplayRecord } from "./run-replay.js";

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
  replay?: RunReplayRecord;
  /** Every user's segments at the data's end; published beside the model when the gate passes. */
  segments?: { path: string; at: string; users: number; published: string | null };
  artifact: { path: string; bytes: number; neighbours: number; sha256: string; trainedUntil: string };
  gate?: GateRecord;
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
  // the run folder is new, empty or an earlier run's; one run at a time writes it
  checkRunOut(dir);
  const lock = lockFolder(dir, "run");
  try {
    // the whole run is built in a folder beside --out and swapped in at the end: a kill leaves the previous run whole
    const record = await stagedRun(dir, (stage) => runIn(o, config, stage));
    if (record.gate && !record.gate.passed)
      throw new CartliftError(
        "gate_failed",
        `the new model did not pass the gate: ${record.gate.reason}`,
        `nothing was published (publish/ holds no artifact); see ${join(dir, "run.json")}`,
        EXIT.gate,
      );
    return record;
  } finally {
    lock.release();
  }
}

async function runIn(o: RunOptions, config: PipelineConfig, dir: string): Promise<RunRecord> {
  // a report names a dataset of the run by its path from the report's own folder (evaluation/, replay/), so a run
  // folder's bytes do not depend on where it lives, and it can be moved or archived whole
  const fromReport = (p: string) => (p.startsWith(dir) ? join("..", relative(dir, p)) : p);
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
      ingestForRun(config.ingest!, data),
    );
    // the same rule and hints as `cartlift ingest --max-rejected`, in the pipeline file's words (default: no limit)
    const limit =
      config.ingest.maxRejected === undefined ? 1 : parseShare(config.ingest.maxRejected, "ingest.maxRejected");
    const rejected = tooManyRejected(report, limit);
    if (rejected)
      throw new CartliftError(
        rejected.code,
        asPipelineKeys(rejected.message),
        rejected.hint && asPipelineKeys(rejected.hint),
        rejected.exitCode,
      );
  }
  const manifest = readManifest(data);

  const evaluation = await step("evaluate", `evaluating ${config.models.length} models`, () =>
    evaluate({
      data,
      dataLabel: fromReport(data),
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

  const replay = config.replay
    ? await runReplay(config.replay, {
        dir,
        data,
        seed: config.seed,
        resamples: config.evaluate.bootstrap,
        step,
        fromReport,
      })
    : undefined;

  let segments: { file: string; at: string; users: number } | undefined;
  if (config.segment) {
    const file = join(dir, "segments", `segments.${config.segment.format}`);
    const report = await step("segment", "segmenting the users at the data's end", () =>
      segment({ data, out: file, rules: config.segment!.rules }),
    );
    segments = { file, at: report.points[0].at, users: report.points[0].users };
  }

  // the shipped model sees all the data; its --until (the data's end) lets a later run's gate judge it on newer data
  // only
  const chosen = config.models.find((m) => m.name === config.export.model)!;
  const { table } = readDataset(data);
  let end = -Infinity;
  for (let i = 0; i < table.length; i++) if (table.ts[i] > end) end = table.ts[i];
  const until = end + 1;
  const trained = join(dir, "models", `${chosen.name}.model`);
  await step("train", `training ${chosen.name} on all the data`, async () =>
    trainSpec(
      chosen.spec,
      data,
      trained,
      until,
      config.export.state ? { dir: config.export.state, k: config.export.stateK } : undefined,
    ),
  );
  const artifactPath = join(dir, "artifact.cartlift");
  const exported = await step("export", "exporting the artifact", () =>
    exportModelCommitted({
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
      judge(o.gate!, chosen.spec, data, config, join(dir, "gate")),
    );
  const passed = !gate || gate.passed;
  const published = publish(artifactPath, join(dir, "publish", "model.cartlift"), passed);
  const publishedSegments = segments
    ? publish(segments.file, join(dir, "publish", basename(segments.file)), passed)
    : null;
  // paths inside the run directory are written relative to it: two runs of the same inputs give the same run.json
  const inRun = (p: string) => relative(dir, p) || ".";
  const record: RunRecord = {
    name: config.name,
    cartliftVersion: VERSION,
    seed: config.seed,
    pipeline: { path: o.pipeline, sha256: fileSha256(o.pipeline), config },
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
      ? {
          replay: {
            ...replay,
            dir: replayFolder((config.replay?.moments ?? ["empty-cart"])[0]),
            data: config.replay?.simulate ? replay.data : inRun(replay.data),
          },
        }
      : {}),
    artifact: {
      path: inRun(artifactPath),
      bytes: exported.bytes,
      neighbours: exported.neighbours,
      sha256: fileSha256(artifactPath),
      trainedUntil: new Date(until).toISOString(),
    },
    ...(segments
      ? {
          segments: {
            path: inRun(segments.file),
            at: segments.at,
            users: segments.users,
            published: publishedSegments && inRun(publishedSegments),
          },
        }
      : {}),
    ...(gate ? { gate } : {}),
    published: published && inRun(published),
    timings,
  };
  writeAtomic(join(dir, "run.json"), JSON.stringify(record, null, 2) + "\n");
  return record;
}
