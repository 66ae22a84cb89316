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

/** `cartlift train`: dataset -> model file. */
export async function train(o: TrainOptions): Promise<TrainReport> {
  const started = performance.now();
  if (!(MODEL_KINDS as readonly string[]).includes(o.kind)) throw new UsageError(`unknown model "${o.kind}"`, `models: ${MODEL_KINDS.join(", ")}`);
  const clock = new PhaseClock(o.onPhase);
  clock.start("load", `loading ${o.data}`);
  const { table, manifest } = readDataset(o.data);
  const until = o.until ?? Infinity;
  let model: Recommender;
  let params: Record<string, unknown>;
  if (o.kind === "covis") {
    params = { ...o.covis, until: Number.isFinite(until) ? until : undefined };
    model = await trainCovisParallel(table, { ...o.covis, until }, o.threads ?? Math.min(4, availableParallelism()), (phase, key) => clock.start(key ?? phase, phase));
  } else {
    clock.start("fit", `fitting ${o.kind}`);
    const popular = PopularModel.train(table, { weights: o.weights, halfLifeMs: o.kind === "popular" ? o.halfLifeMs : undefined, windowMs: o.windowMs, until });
    params = { weights: o.weights, halfLifeMs: o.halfLifeMs, windowMs: o.windowMs };
    model = o.kind === "popular" ? popular : new HistoryModel(popular, { weights: o.weights, halfLifeMs: o.halfLifeMs });
  }
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
    neighbours: model instanceof CovisModel ? model.neighbours.indices.length : 0,
    trainEvents,
    params,
    seconds: (performance.now() - started) / 1000,
    phaseSeconds: clock.stop(),
  };
}
