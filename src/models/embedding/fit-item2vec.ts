import { availableParallelism } from "node:os";
import type { EventTable } from "../../data/event-table.js";
import { CartliftError } from "../../errors.js";
import { tensorLib, type TensorBackendChoice } from "../../tensor/tensor-backend.js";
import { PopularModel } from "../baselines/popular.js";
import type { FitContext, FittedModel } from "../model-kind.js";
import { assembleOptions, type GivenOptions, type ModelOption } from "../option-table.js";
import type { HistoryEvent } from "../recommender.js";
import { unitVectors } from "./cosine-neighbours.js";
import { denseCosineNeighbours } from "./dense-neighbours.js";
import { denseRecommendations, type DenseAnswers } from "./dense-recommend.js";
import { itemSequences, type EventRepeats } from "./item-sequences.js";
import { Item2VecModel } from "./item2vec-model.js";
import { trainSgnsYielding, type SgnsOptions } from "./sgns.js";
import { SGNS_DEFAULTS } from "./sgns-options.js";
import type { CovisScope } from "../../data/timelines.js";

type Item2VecOptions = Partial<SgnsOptions> & {
  scope?: CovisScope;
  k?: number;
  backend?: TensorBackendChoice;
  repeat?: EventRepeats;
};

const count = (n: number) => n.toLocaleString("en-US");

/**
 * item2vec on the timelines before `until`: vectors by SGNS (typed arrays), neighbour lists by exact cosine
 * (TensorFlow.js).
 */
export async function fitItem2Vec(
  table: EventTable,
  given: GivenOptions,
  optionTable: readonly ModelOption[],
  ctx: FitContext,
): Promise<FittedModel> {
  const { until } = ctx;
  const {
    scope = "session",
    k = 50,
    backend = "auto",
    repeat,
    ...sgns
  } = assembleOptions(optionTable, given) as Item2VecOptions;
  const options = { ...SGNS_DEFAULTS, ...sgns };
  ctx.onPhase?.("loading TensorFlow.js", "tensor_backend");
  const lib = await tensorLib(backend); // before training: a missing backend fails fast
  ctx.onPhase?.("fitting item2vec", "fit_item2vec");
  const { items, tl } = itemSequences(table, scope, until, repeat);
  if (tl.events.length === 0) {
    const before = Number.isFinite(until) ? ` before ${new Date(until).toISOString()}` : "";
    throw new CartliftError(
      "no_training_events",
      `item2vec: no events to train on${before}${repeat ? " with this --repeat" : ""}`,
      "move --until later, or keep more event types in --repeat",
    );
  }
  const { vectors, lossPerEpoch, pairs, words } = await trainSgnsYielding(
    items,
    tl,
    table.dicts.item.size,
    options,
    (p) => {
      const loss = p.lastLoss === undefined ? "" : `, loss ${p.lastLoss.toFixed(4)}`;
      ctx.onCount?.(p.words, p.totalWords, `epoch ${p.epoch}/${p.epochs}${loss}`);
      if (p.epochEnd) ctx.onLog?.(`item2vec epoch ${p.epoch}/${p.epochs}${loss}`);
    },
  );
  const unit = unitVectors(vectors, options.dim);
  ctx.onPhase?.("item2vec neighbours", "item2vec_neighbours");
  const dense = await denseCosineNeighbours(unit, options.dim, k, lib, {
    threads: ctx.threads ?? Math.min(4, availableParallelism()),
    onRows: (done, total) => ctx.onCount?.(done, total, `neighbours of ${count(done)} / ${count(total)} items`),
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

/** Evaluation's many histories at once on TensorFlow.js (the same answers as recommend() one by one). */
export async function denseRecommendationsOn(
  model: Item2VecModel,
  histories: readonly (readonly HistoryEvent[])[],
  k: number,
  backend: string,
  onProgress?: (done: number, total: number) => void,
): Promise<DenseAnswers & { run: Record<string, unknown> }> {
  const dense = await denseRecommendations(
    model,
    histories,
    k,
    await tensorLib(backend as TensorBackendChoice),
    onProgress,
  );
  return { ...dense, run: { rescannedCases: dense.rescanned } };
}
