import { dirname, isAbsolute, join } from "node:path";
import { InputError } from "../errors.js";
import { PipelineValues } from "./pipeline-values.js";
import { readPipelineIngest, type PipelineIngest } from "./pipeline-ingest.js";
import { readTextFile } from "../io/read-text-file.js";
import { pathExists } from "../io/file-kind.js";
import { MOMENT_NAMES } from "../moments/registry.js";

/** A nightly run, as declared in its pipeline file (docs/ci.md). Paths are relative to the file. */
export interface PipelineConfig {
  name: string;
  seed: number;
  /** Ingest these inputs into the run's dataset, or use an existing dataset. */
  ingest?: PipelineIngest;
  dataset?: string;
  /** Models to compare: evaluate specs with display names; `export.model` names the one to ship. */
  models: { name: string; spec: string }[];
  evaluate: { protocol: string; k: number[]; primary: string; testShare: number; bootstrap: number };
  /**
   * The empty-cart replay: on the run's data, or on a small simulated shop when the data has too few multi-day carts.
   */
  replay?: {
    /** The moments to replay (default: empty-cart); each writes its own folder (replay/, replay-<moment>/). */
    moments?: string[];
    policies: string[];
    ttl: string;
    windows: string[];
    simulate?: { users: number; seed: number };
  };
  /** `state`/`stateK`: train the shipped covis model with a state folder, incrementally once it holds one. */
  export: { model: string; quantize: 16 | 8 | "none"; k?: number; state?: string; stateK?: string };
  gate: { tolerance: number };
  /** Every user's segments at the data's end, written for the serving layer and the CRM (docs/segments.md). */
  segment?: { format: "csv" | "jsonl" | "parquet"; rules?: string };
}

const TOP_KEYS = ["name", "seed", "ingest", "dataset", "models", "evaluate", "replay", "export", "gate", "segment"];

/** The gate's default tolerance on the primary metric (docs/ci.md): a drop smaller than this never fails the gate. */
export const DEFAULT_GATE_TOLERANCE = 0.005;

/** Bounds of the numbers: beyond them a run would exhaust memory or time (bootstrap=1e8) before saying so. */
const MAX_SEED = 2 ** 32 - 1;
const MAX_BOOTSTRAP = 100_000;
const MAX_SIM_USERS = 10_000_000;
const MAX_NEIGHBOURS = 10_000;

/** Reads and validates a pipeline file; every problem names the key and what is allowed. */
export function readPipelineConfig(path: string, overrides: string[] = []): PipelineConfig {
  let raw: Record<string, unknown>;
  const text = readTextFile(path, "pipeline file", 16 << 20);
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError("bad_pipeline", `${path}: not valid JSON (${(e as Error).message})`, { file: path });
  }
  const v = new PipelineValues(path);
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw v.bad("(file)", "must hold a JSON object");
  for (const kv of overrides) applyOverride(raw, kv, path);
  for (const key of Object.keys(raw))
    if (!TOP_KEYS.includes(key)) throw v.bad(key, `is not a pipeline key (allowed: ${TOP_KEYS.join(", ")})`);
  const near = (p: string) => (isAbsolute(p) ? p : join(dirname(path), p));
  if ((raw.ingest === undefined) === (raw.dataset === undefined))
    throw v.bad("ingest", 'or "dataset": give exactly one');
  const models = raw.models;
  if (!Array.isArray(models) || models.length === 0)
    throw v.bad("models", 'must be a non-empty list of {"name", "spec"}');
  const ev = v.obj(raw.evaluate ?? {}, "evaluate", ["protocol", "k", "primary", "testShare", "bootstrap"]);
  const ex = v.obj(raw.export, "export", ["model", "quantize", "k", "state", "stateK"]);
  const quantize = ex.quantize ?? 16;
  if (quantize !== 16 && quantize !== 8 && quantize !== "none")
    throw v.bad("export.quantize", `must be 16, 8 or "none", got ${JSON.stringify(quantize)}`);
  const modelNames = models.map((m, i) => v.name(v.obj(m, `models[${i}]`, ["name", "spec"]).name, `models[${i}].name`));
  modelNames.forEach((n, i) => {
    if (modelNames.indexOf(n) !== i) throw v.bad(`models[${i}].name`, `"${n}" is given twice`);
  });
  const exportModel = v.str(ex.model, "export.model");
  if (!modelNames.includes(exportModel))
    throw v.bad("export.model", `names no model (models: ${modelNames.join(", ")})`);
  const replay =
    raw.replay === undefined
      ? undefined
      : v.obj(raw.replay, "replay", ["moments", "policies", "ttl", "windows", "simulate"]);
  const sim = replay?.simulate === undefined ? undefined : v.obj(replay.simulate, "replay.simulate", ["users", "seed"]);
  const gate = v.obj(raw.gate ?? {}, "gate", ["tolerance"]);
  const seg = raw.segment === undefined ? undefined : v.obj(raw.segment, "segment", ["format", "rules"]);
  const segmentFormat = seg?.format ?? "csv";
  if (seg && segmentFormat !== "csv" && segmentFormat !== "jsonl" && segmentFormat !== "parquet")
    throw v.bad("segment.format", `must be "csv", "jsonl" or "parquet", got ${JSON.stringify(segmentFormat)}`);
  return {
    name: v.name(raw.name ?? "cartlift", "name"),
    seed: v.int(raw.seed ?? 42, "seed", 0, MAX_SEED),
    ingest: raw.ingest === undefined ? undefined : readPipelineIngest(v, raw.ingest, path),
    dataset: raw.dataset === undefined ? undefined : near(v.str(raw.dataset, "dataset")),
    models: models.map((m, i) => {
      const spec = v.str((m as Record<string, unknown>).spec, `models[${i}].spec`);
      // a model file next to the pipeline, or a spec
      return { name: modelNames[i], spec: pathExists(near(spec)) ? near(spec) : spec };
    }),
    evaluate: {
      protocol: v.str(ev.protocol ?? "session-next", "evaluate.protocol"),
      k: Array.isArray(ev.k) ? ev.k.map((k, i) => v.int(k, `evaluate.k[${i}]`, 1, 1000)) : [5, 10, 20],
      primary: v.str(ev.primary ?? "HR@20", "evaluate.primary"),
      testShare: v.num(ev.testShare ?? 0.1, "evaluate.testShare", 0.001, 0.999),
      bootstrap: v.int(ev.bootstrap ?? 1000, "evaluate.bootstrap", 1, MAX_BOOTSTRAP),
    },
    replay: replay && {
      ...(replay.moments === undefined ? {} : { moments: momentList(v.strings(replay.moments, "replay.moments"), v) }),
      policies: replay.policies === undefined ? ["history", "covis"] : v.strings(replay.policies, "replay.policies"),
      ttl: v.str(replay.ttl ?? "24h", "replay.ttl"),
      windows: replay.windows === undefined ? ["session", "24h", "7d"] : v.strings(replay.windows, "replay.windows"),
      simulate: sim && {
        users: v.int(sim.users ?? 30000, "replay.simulate.users", 1, MAX_SIM_USERS),
        seed: v.int(sim.seed ?? 42, "replay.simulate.seed", 0, MAX_SEED),
      },
    },
    export: {
      model: exportModel,
      quantize,
      k: ex.k === undefined ? undefined : v.int(ex.k, "export.k", 1, MAX_NEIGHBOURS),
      ...(ex.state === undefined ? {} : { state: near(v.str(ex.state, "export.state")) }),
      ...(ex.stateK === undefined ? {} : { stateK: String(v.str(String(ex.stateK), "export.stateK")) }),
    },
    gate: { tolerance: v.num(gate.tolerance ?? DEFAULT_GATE_TOLERANCE, "gate.tolerance", 0, 1) },
    ...(seg
      ? {
          segment: {
            format: segmentFormat as "csv" | "jsonl" | "parquet",
            ...(seg.rules === undefined ? {} : { rules: near(v.str(seg.rules, "segment.rules")) }),
          },
        }
      : {}),
  };
}

/** `--set evaluate.testShare=0.2`: a dotted key and a JSON (or plain string) value. */
function applyOverride(raw: Record<string, unknown>, kv: string, path: string): void {
  const eq = kv.indexOf("=");
  if (eq <= 0)
    throw new InputError("bad_pipeline", `--set "${kv}" is not key=value`, {
      file: path,
      hint: "e.g. --set evaluate.testShare=0.2",
    });
  const keys = kv.slice(0, eq).split(".");
  const text = kv.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  let at = raw;
  for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
  at[keys[keys.length - 1]] = value;
}

/** replay.moments: known moment names, each once, at least one. */
function momentList(names: string[], v: { bad(key: string, message: string): Error }): string[] {
  if (names.length === 0) throw v.bad("replay.moments", `names no moment (moments: ${MOMENT_NAMES.join(", ")})`);
  names.forEach((n, i) => {
    if (!(MOMENT_NAMES as readonly string[]).includes(n))
      throw v.bad(`replay.moments[${i}]`, `"${n}" is not a moment (moments: ${MOMENT_NAMES.join(", ")})`);
    if (names.indexOf(n) !== i) throw v.bad(`replay.moments[${i}]`, `"${n}" is given twice`);
  });
  return names;
}
