import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { InputError } from "../errors.js";

/** A nightly run, as declared in its pipeline file (docs/ci.md). Paths are relative to the file. */
export interface PipelineConfig {
  name: string;
  seed: number;
  /** Ingest these inputs into the run's dataset, or use an existing dataset. */
  ingest?: { inputs: string[]; preset?: string; maxRejected?: string };
  dataset?: string;
  /** Models to compare: evaluate specs with display names; `export.model` names the one to ship. */
  models: { name: string; spec: string }[];
  evaluate: { protocol: string; k: number[]; primary: string; testShare: number; bootstrap: number };
  /**
   * The empty-cart replay: on the run's data, or on a small simulated shop when the data has too few multi-day carts.
   */
  replay?: { policies: string[]; ttl: string; windows: string[]; simulate?: { users: number; seed: number } };
  export: { model: string; quantize: 16 | 8 | "none"; k?: number };
  gate: { tolerance: number };
}

const TOP_KEYS = ["name", "seed", "ingest", "dataset", "models", "evaluate", "replay", "export", "gate"];

/** Reads and validates a pipeline file; every problem names the key and what is allowed. */
export function readPipelineConfig(path: string, overrides: string[] = []): PipelineConfig {
  if (!existsSync(path)) throw new InputError("file_not_found", `${path}: no such pipeline file`, { file: path });
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError("bad_pipeline", `${path}: not valid JSON (${(e as Error).message})`, { file: path });
  }
  for (const kv of overrides) applyOverride(raw, kv, path);
  const bad = (key: string, what: string) =>
    new InputError("bad_pipeline", `${path}: "${key}" ${what}`, {
      file: path,
      hint: "see docs/ci.md for the pipeline file",
    });
  for (const key of Object.keys(raw))
    if (!TOP_KEYS.includes(key)) throw bad(key, `is not a pipeline key (allowed: ${TOP_KEYS.join(", ")})`);
  const near = (p: string) => (isAbsolute(p) ? p : join(dirname(path), p));
  const str = (v: unknown, key: string) => {
    if (typeof v !== "string" || !v) throw bad(key, "must be a non-empty string");
    return v;
  };
  const num = (v: unknown, key: string, min: number, max = Infinity) => {
    if (typeof v !== "number" || !(v >= min && v <= max))
      throw bad(key, `must be a number from ${min}${max === Infinity ? "" : ` to ${max}`}, got ${JSON.stringify(v)}`);
    return v;
  };
  const obj = (v: unknown, key: string) => {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw bad(key, "must be an object");
    return v as Record<string, unknown>;
  };
  if ((raw.ingest === undefined) === (raw.dataset === undefined)) throw bad("ingest", 'or "dataset": give exactly one');
  const ingest = raw.ingest === undefined ? undefined : obj(raw.ingest, "ingest");
  const inputs = ingest?.inputs;
  if (ingest && (!Array.isArray(inputs) || inputs.length === 0))
    throw bad("ingest.inputs", "must be a non-empty list of files");
  const models = raw.models;
  if (!Array.isArray(models) || models.length === 0)
    throw bad("models", 'must be a non-empty list of {"name", "spec"}');
  const ev = obj(raw.evaluate ?? {}, "evaluate");
  const ex = obj(raw.export, "export");
  const quantize = ex.quantize ?? 16;
  if (quantize !== 16 && quantize !== 8 && quantize !== "none")
    throw bad("export.quantize", `must be 16, 8 or "none", got ${JSON.stringify(quantize)}`);
  const modelNames = models.map((m, i) => str(obj(m, `models[${i}]`).name, `models[${i}].name`));
  const exportModel = str(ex.model, "export.model");
  if (!modelNames.includes(exportModel)) throw bad("export.model", `names no model (models: ${modelNames.join(", ")})`);
  const replay = raw.replay === undefined ? undefined : obj(raw.replay, "replay");
  const sim = replay?.simulate === undefined ? undefined : obj(replay.simulate, "replay.simulate");
  return {
    name: str(raw.name ?? "cartlift", "name"),
    seed: num(raw.seed ?? 42, "seed", 0),
    ingest: ingest && {
      inputs: (inputs as unknown[]).map((p, i) => near(str(p, `ingest.inputs[${i}]`))),
      preset: ingest.preset === undefined ? undefined : str(ingest.preset, "ingest.preset"),
      maxRejected: ingest.maxRejected === undefined ? undefined : str(ingest.maxRejected, "ingest.maxRejected"),
    },
    dataset: raw.dataset === undefined ? undefined : near(str(raw.dataset, "dataset")),
    models: models.map((m, i) => {
      const spec = str((m as Record<string, unknown>).spec, `models[${i}].spec`);
      // a model file next to the pipeline, or a spec
      return { name: modelNames[i], spec: existsSync(near(spec)) ? near(spec) : spec };
    }),
    evaluate: {
      protocol: str(ev.protocol ?? "session-next", "evaluate.protocol"),
      k: Array.isArray(ev.k) ? ev.k.map((k, i) => num(k, `evaluate.k[${i}]`, 1, 1000)) : [5, 10, 20],
      primary: str(ev.primary ?? "HR@20", "evaluate.primary"),
      testShare: num(ev.testShare ?? 0.1, "evaluate.testShare", 0.001, 0.999),
      bootstrap: num(ev.bootstrap ?? 1000, "evaluate.bootstrap", 1),
    },
    replay: replay && {
      policies: Array.isArray(replay.policies)
        ? replay.policies.map((p, i) => str(p, `replay.policies[${i}]`))
        : ["history", "covis"],
      ttl: str(replay.ttl ?? "24h", "replay.ttl"),
      windows: Array.isArray(replay.windows)
        ? replay.windows.map((w, i) => str(w, `replay.windows[${i}]`))
        : ["session", "24h", "7d"],
      simulate: sim && {
        users: num(sim.users ?? 30000, "replay.simulate.users", 1),
        seed: num(sim.seed ?? 42, "replay.simulate.seed", 0),
      },
    },
    export: { model: exportModel, quantize, k: ex.k === undefined ? undefined : num(ex.k, "export.k", 1) },
    gate: { tolerance: num(obj(raw.gate ?? {}, "gate").tolerance ?? 0, "gate.tolerance", 0, 1) },
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
