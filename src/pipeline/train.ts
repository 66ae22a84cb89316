import { readDataset } from "../io/read-dataset.js";
import { InputError, UsageError } from "../errors.js";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { saveModel } from "../models/model-file.js";
import { VERSION } from "../version.js";
import { parseBlendSpec } from "../models/blend.js";
import { fitModel, MODEL_KINDS, neighbourEntries, type ModelOptions, type ModelRecipe } from "../models/fit-model.js";
import { PhaseClock } from "./phase-clock.js";

export { MODEL_KINDS, type ModelKind } from "../models/fit-model.js";

export interface TrainOptions extends ModelOptions {
  /** A model kind, or a blend spec such as "covis:0.7+history:0.3" (every part with these options). */
  kind: string;
  data: string;
  out: string;
  until?: number;
  onPhase?: (phase: string) => void;
}

export interface TrainReport {
  kind: string;
  out: string;
  bytes: number;
  items: number;
  /** Stored neighbour entries (co-visitation). */
  neighbours: number;
  trainEvents: number;
  params: Record<string, unknown>;
  /**
   * How training ran, which the model file leaves out: item2vec's tensor backend, rows it rescanned, SGNS words and
   * pairs.
   */
  run: Record<string, unknown>;
  seconds: number;
  /** Wall seconds per phase: loading, counting each list (co-visitation) or fitting, writing. */
  phaseSeconds: Record<string, number>;
}

/** `cartlift train`: dataset -> model file. `kind` is a model or a blend spec such as "covis:0.7+history:0.3". */
export async function train(o: TrainOptions): Promise<TrainReport> {
  const started = performance.now();
  const blend = o.kind.includes("+") || o.kind.includes(":") ? parseBlendSpec(o.kind) : null;
  const recipe: ModelRecipe = blend
    ? { blend: blend.map((p) => ({ kind: p.name, weight: p.weight, options: o })) }
    : { kind: o.kind, options: o };
  // refuse a bad name before loading anything
  for (const kind of blend ? blend.map((p) => p.name) : [o.kind])
    if (!(MODEL_KINDS as readonly string[]).includes(kind))
      throw new UsageError(
        `unknown model "${kind}"`,
        `models: ${MODEL_KINDS.join(", ")}, or a blend such as covis:0.7+history:0.3`,
      );
  const clock = new PhaseClock(o.onPhase);
  clock.start("load", `loading ${o.data}`);
  const { table, manifest } = readDataset(o.data);
  const until = o.until ?? Infinity;
  const { model, params, run } = await fitModel(recipe, table, until, (label, key) => clock.start(key, label));
  let trainEvents = 0;
  // when each item was last seen in training: what `cartlift export --items-seen-since` filters on
  const lastSeen = new Float64Array(table.dicts.item.size).fill(NaN);
  for (let i = 0; i < table.length; i++) {
    if (!(table.ts[i] < until)) continue;
    trainEvents++;
    if (!(table.ts[i] <= lastSeen[table.item[i]])) lastSeen[table.item[i]] = table.ts[i];
  }
  clock.start("write", `writing ${o.out}`);
  const bytes = writeModelFile(o.out, () =>
    saveModel(
      o.out,
      model,
      table.dicts.item,
      {
        format: "cartlift-model",
        cartliftVersion: VERSION,
        params: JSON.parse(JSON.stringify(params, (_k, v) => (v === Infinity ? "Infinity" : v))),
        data: {
          sources: manifest.sources.map((s) => ({ path: s.path, sha256: s.sha256 })),
          from: manifest.timeSpan.from,
          to: manifest.timeSpan.to,
          until: Number.isFinite(until) ? new Date(until).toISOString() : null,
        },
      },
      { extra: { item_last_seen: lastSeen } },
    ),
  );
  return {
    kind: o.kind,
    out: o.out,
    bytes,
    items: table.dicts.item.size,
    neighbours: neighbourEntries(model),
    trainEvents,
    params,
    run: run ?? {},
    seconds: (performance.now() - started) / 1000,
    phaseSeconds: clock.stop(),
  };
}

/**
 * Writes through `write` into the out file's folder (created if missing); a file-system failure is an input error
 * naming the path.
 */
function writeModelFile(out: string, write: () => number): number {
  try {
    mkdirSync(dirname(out), { recursive: true });
    return write();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
    throw new InputError("unwritable_out", `cannot write the model to ${out} (${(e as Error).message})`, {
      file: out,
      hint: "check the folder's permissions and free disk space",
    });
  }
}
