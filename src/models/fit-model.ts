import { availableParallelism } from "node:os";
import type { EventTable } from "../data/event-table.js";
import { CartliftError, UsageError } from "../errors.js";
import { HistoryModel } from "./baselines/history.js";
import { PopularModel } from "./baselines/popular.js";
import { BlendModel } from "./blend.js";
import { CovisModel } from "./covis/covis-model.js";
import { trainCovisParallel, type CovisTrainInput } from "./covis/train-covis.js";
import type { Recommender } from "./recommender.js";
import { SGNS_DEFAULTS, trainSgns, type SgnsOptions, type SgnsProgress } from "./embedding/sgns.js";
import { Item2VecModel } from "./embedding/item2vec-model.js";
import { unitVectors } from "./embedding/cosine-neighbours.js";
import { denseCosineNeighbours } from "./embedding/dense-neighbours.js";
import { itemSequences, type EventRepeats } from "./embedding/item-sequences.js";
import { tensorLib, type TensorBackendChoice } from "../tensor/tensor-backend.js";
import type { CovisScope } from "../data/timelines.js";

/** The model kinds `fitModel` trains (a blend combines them). */
export const MODEL_KINDS = ["covis", "popular", "history", "item2vec"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Training options of one model. */
export interface ModelOptions {
  covis?: CovisTrainInput;
  /** Popularity and history options. */
  weights?: Partial<Record<string, number>>;
  halfLifeMs?: number;
  windowMs?: number;
  /**
   * Threads for co-visitation counting and item2vec's neighbour search (default: the cores, at most 4); the model is
   * the same for any.
   */
  threads?: number;
  item2vec?: Partial<SgnsOptions> & {
    scope?: CovisScope;
    k?: number;
    backend?: TensorBackendChoice;
    repeat?: EventRepeats;
  };
  /** item2vec training progress: words done of the run's total, the epoch, and the last finished epoch's loss. */
  onSgnsProgress?: SgnsProgress;
  /** item2vec's neighbour search: items done of all items with a vector. */
  onNeighbourProgress?: (done: number, total: number) => void;
}

/** A model to train: one kind, or a weighted blend whose parts each have their own options. */
export type ModelRecipe =
  { kind: string; options: ModelOptions } | { blend: { kind: string; weight: number; options: ModelOptions }[] };

export interface FittedModel {
  model: Recommender;
  /** The options as trained, for the model file's manifest. */
  params: Record<string, unknown>;
  /** How it ran (not in the model file, which must not depend on the machine): the tensor backend... */
  run?: Record<string, unknown>;
}

/** Trains a model (or every part of a blend) on the events before `until`. */
export async function fitModel(
  recipe: ModelRecipe,
  table: EventTable,
  until: number,
  onPhase?: (label: string, key: string) => void,
): Promise<FittedModel> {
  if (!("blend" in recipe)) return fitOne(recipe.kind, table, recipe.options, until, onPhase);
  const parts = [];
  for (const part of recipe.blend)
    parts.push({ ...(await fitOne(part.kind, table, part.options, until, onPhase)), weight: part.weight });
  return {
    model: new BlendModel(parts.map((p) => ({ model: p.model, weight: p.weight }))),
    params: { parts: parts.map((p) => ({ kind: p.model.name, weight: p.weight, params: p.params })) },
    run: Object.assign({}, ...parts.map((p) => p.run ?? {})),
  };
}

async function fitOne(
  kind: string,
  table: EventTable,
  o: ModelOptions,
  until: number,
  onPhase?: (label: string, key: string) => void,
): Promise<FittedModel> {
  if (!(MODEL_KINDS as readonly string[]).includes(kind))
    throw new UsageError(
      `unknown model "${kind}"`,
      `models: ${MODEL_KINDS.join(", ")}, or a blend such as covis:0.7+history:0.3`,
    );
  if (kind === "covis") {
    const model = await trainCovisParallel(
      table,
      { ...o.covis, until },
      o.threads ?? Math.min(4, availableParallelism()),
      (label, key) => onPhase?.(label, key ?? label),
    );
    return { model, params: { ...o.covis, until: Number.isFinite(until) ? until : undefined } };
  }
  if (kind === "item2vec") return fitItem2Vec(table, o, until, onPhase);
  onPhase?.(`fitting ${kind}`, `fit_${kind}`);
  const popular = PopularModel.train(table, {
    weights: o.weights,
    halfLifeMs: kind === "popular" ? o.halfLifeMs : undefined,
    windowMs: o.windowMs,
    until,
  });
  const params = { weights: o.weights, halfLifeMs: o.halfLifeMs, windowMs: o.windowMs };
  return {
    model: kind === "popular" ? popular : new HistoryModel(popular, { weights: o.weights, halfLifeMs: o.halfLifeMs }),
    params,
  };
}

/** Stored neighbour entries of a model (every co-visitation list; summed over a blend's parts). */
export function neighbourEntries(model: Recommender): number {
  if (model instanceof CovisModel) return Object.values(model.matrices).reduce((sum, m) => sum + m.indices.length, 0);
  if (model instanceof Item2VecModel) return model.neighbours.indices.length;
  if (model instanceof BlendModel) return model.parts.reduce((sum, p) => sum + neighbourEntries(p.model), 0);
  return 0;
}

/**
 * item2vec on the timelines before `until`: vectors by SGNS (typed arrays), neighbour lists by exact cosine
 * (TensorFlow.js).
 */
async function fitItem2Vec(
  table: EventTable,
  o: ModelOptions,
  until: number,
  onPhase?: (label: string, key: string) => void,
): Promise<FittedModel> {
  const { scope = "session", k = 50, backend = "auto", repeat, ...sgns } = o.item2vec ?? {};
  const options = { ...SGNS_DEFAULTS, ...sgns };
  onPhase?.("loading TensorFlow.js", "tensor_backend");
  const lib = await tensorLib(backend); // before training: a missing backend fails fast
  onPhase?.("fitting item2vec", "fit_item2vec");
  const { items, tl } = itemSequences(table, scope, until, repeat);
  if (tl.events.length === 0) {
    const before = Number.isFinite(until) ? ` before ${new Date(until).toISOString()}` : "";
    throw new CartliftError(
      "no_training_events",
      `item2vec: no events to train on${before}${repeat ? " with this --repeat" : ""}`,
      "move --until later, or keep more event types in --repeat",
    );
  }
  const { vectors, lossPerEpoch, pairs, words } = trainSgns(
    items,
    tl,
    table.dicts.item.size,
    options,
    o.onSgnsProgress,
  );
  const unit = unitVectors(vectors, options.dim);
  onPhase?.("item2vec neighbours", "item2vec_neighbours");
  const dense = await denseCosineNeighbours(unit, options.dim, k, lib, {
    threads: o.threads ?? Math.min(4, availableParallelism()),
    onRows: o.onNeighbourProgress,
  });
  const popular = PopularModel.train(table, { until });
  const model = new Item2VecModel(unit, options.dim, dense.csr, popular);
  return {
    model,
    params: {
      ...options,
      scope,
      k,
      ...(repeat ? { repeat } : {}),
      until: Number.isFinite(until) ? until : undefined,
      lossPerEpoch,
    },
    run: { tensorBackend: dense.backend, rescannedRows: dense.rescannedRows, sgnsWords: words, sgnsPairs: pairs },
  };
}
