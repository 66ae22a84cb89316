import { readDataset } from "../io/read-dataset.js";
import { UsageError } from "../errors.js";
import { PopularModel } from "../models/baselines/popular.js";
import { HistoryModel } from "../models/baselines/history.js";
import { CovisModel } from "../models/covis/covis-model.js";
import { trainCovisParallel, type CovisTrainInput } from "../models/covis/train-covis.js";
import { availableParallelism } from "node:os";
import { saveModel } from "../models/model-file.js";
import type { Recommender } from "../models/recommender.js";
import { VERSION } from "../version.js";
import { BlendModel, parseBlendSpec } from "../models/blend.js";
import type { EventTable } from "../data/event-table.js";
import { PhaseClock } from "./phase-clock.js";

export const MODEL_KINDS = ["covis", "popular", "history"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export interface TrainOptions {
  kind: string;
  data: string;
  out: string;
  covis?: CovisTrainInput;
  /** Popularity and history options. */
  weights?: Partial<Record<string, number>>;
  halfLifeMs?: number;
  windowMs?: number;
  until?: number;
  /** Threads for co-visitation counting (default: the cores, at most 4); the model is the same for any. */
  threads?: number;
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
  seconds: number;
  /** Wall seconds per phase: loading, counting each list (co-visitation) or fitting, writing. */
  phaseSeconds: Record<string, number>;
}

/** `cartlift train`: dataset -> model file. `kind` is a model or a blend spec such as "covis:0.7+history:0.3". */
export async function train(o: TrainOptions): Promise<TrainReport> {
  const started = performance.now();
  const blend = o.kind.includes("+") || o.kind.includes(":") ? parseBlendSpec(o.kind) : null;
  for (const { name } of blend ?? [{ name: o.kind }])
    if (!(MODEL_KINDS as readonly string[]).includes(name)) throw new UsageError(`unknown model "${name}"`, `models: ${MODEL_KINDS.join(", ")}, or a blend such as covis:0.7+history:0.3`);
  const clock = new PhaseClock(o.onPhase);
  clock.start("load", `loading ${o.data}`);
  const { table, manifest } = readDataset(o.data);
  const until = o.until ?? Infinity;
  let model: Recommender;
  let params: Record<string, unknown>;
  if (blend) {
    const parts = [];
    for (const { name, weight } of blend) parts.push({ ...(await fit(name, table, o, until, clock)), weight });
    model = new BlendModel(parts.map((p) => ({ model: p.model, weight: p.weight })));
    params = { parts: parts.map((p) => ({ kind: p.model.name, weight: p.weight, params: p.params })) };
  } else ({ model, params } = await fit(o.kind, table, o, until, clock));
  let trainEvents = 0;
  for (let i = 0; i < table.length; i++) if (table.ts[i] < until) trainEvents++;
  clock.start("write", `writing ${o.out}`);
  const bytes = saveModel(o.out, model, table.dicts.item, {
    format: "cartlift-model",
    cartliftVersion: VERSION,
    params: JSON.parse(JSON.stringify(params, (_k, v) => (v === Infinity ? "Infinity" : v))),
    data: {
      sources: manifest.sources.map((s) => ({ path: s.path, sha256: s.sha256 })),
      from: manifest.timeSpan.from,
      to: manifest.timeSpan.to,
      until: Number.isFinite(until) ? new Date(until).toISOString() : null,
    },
  });
  return {
    kind: o.kind,
    out: o.out,
    bytes,
    items: table.dicts.item.size,
    neighbours: neighbourEntries(model),
    trainEvents,
    params,
    seconds: (performance.now() - started) / 1000,
    phaseSeconds: clock.stop(),
  };
}

/** One model of the kinds above, trained on events before `until`. */
async function fit(kind: string, table: EventTable, o: TrainOptions, until: number, clock: PhaseClock): Promise<{ model: Recommender; params: Record<string, unknown> }> {
  if (kind === "covis") {
    const model = await trainCovisParallel(table, { ...o.covis, until }, o.threads ?? Math.min(4, availableParallelism()), (phase, key) => clock.start(key ?? phase, phase));
    return { model, params: { ...o.covis, until: Number.isFinite(until) ? until : undefined } };
  }
  clock.start(`fit_${kind}`, `fitting ${kind}`);
  const popular = PopularModel.train(table, { weights: o.weights, halfLifeMs: kind === "popular" ? o.halfLifeMs : undefined, windowMs: o.windowMs, until });
  const params = { weights: o.weights, halfLifeMs: o.halfLifeMs, windowMs: o.windowMs };
  return { model: kind === "popular" ? popular : new HistoryModel(popular, { weights: o.weights, halfLifeMs: o.halfLifeMs }), params };
}

function neighbourEntries(model: Recommender): number {
  if (model instanceof CovisModel) return model.neighbours.indices.length;
  if (model instanceof BlendModel) return model.parts.reduce((sum, p) => sum + neighbourEntries(p.model), 0);
  return 0;
}
