import type { EventTable } from "../../data/event-table.js";
import { CartliftError } from "../../errors.js";
import { tensorLib } from "../../tensor/tensor-backend.js";
import { covisKind } from "../covis/covis-kind.js";
import type { CovisModel } from "../covis/covis-model.js";
import type { Item2VecModel } from "../embedding/item2vec-model.js";
import { item2vecKind } from "../embedding/item2vec-kind.js";
import type { FitContext, FittedModel } from "../model-kind.js";
import { assembleOptions, type GivenOptions, type ModelOption } from "../option-table.js";
import { CandidateFeatures } from "./features.js";
import { itemFacts } from "./fit-facts.js";
import { buildRows } from "./fit-rows.js";
import { permutationImportance } from "./importance.js";
import { labelQueries } from "./label-queries.js";
import { featureScale, type Ranker } from "./ranker.js";
import { rerankDefaults, type RerankOptions } from "./rerank-options.js";
import { generatorsOf, RerankModel, type RerankParts } from "./rerank-model.js";
import { trainRanker } from "./train-ranker.js";

/** The fewest labelled queries with a target among their candidates that training accepts: to train, to validate. */
export const MIN_TRAIN_QUERIES = 200;
export const MIN_VALIDATION_QUERIES = 50;
/** The latest sessions' share of the labelled queries held out for early stopping and feature importance. */
const VALIDATION_SHARE = 0.2;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 19) + "Z";

/**
 * Trains a ranking stage (docs/rerank.md): generators on the events before the label window, labelled queries from
 * the window, candidates and features, the network on TensorFlow.js with early stopping on the latest sessions; then
 * the generators again on every training event, for serving.
 */
export async function fitRerank(
  table: EventTable,
  given: GivenOptions,
  optionTable: readonly ModelOption[],
  ctx: FitContext,
): Promise<FittedModel> {
  const asGiven = assembleOptions(optionTable, given);
  const o: RerankOptions = { ...rerankDefaults(), ...asGiven } as RerankOptions;
  let end = -Infinity;
  for (let i = 0; i < table.length; i++) if (table.ts[i] < ctx.until && table.ts[i] > end) end = table.ts[i];
  if (end === -Infinity)
    throw new CartliftError("no_training_events", "rerank: no events to train on", "move --until later");
  const until = Number.isFinite(ctx.until) ? ctx.until : end + 1;
  const labelCut = until - o.labelWindowMs;
  const clock = phaseClock();
  ctx.onPhase?.("fitting the generators before the label window", "rerank_generators_label");
  const labelParts = await fitParts(table, o, { ...ctx, until: labelCut });
  const nItems = table.dicts.item.size;
  const known = new Uint8Array(nItems);
  for (let i = 0; i < table.length; i++) if (table.ts[i] < labelCut) known[table.item[i]] = 1;
  clock.lap("generators_label_s");
  ctx.onPhase?.("building labelled queries, candidates and features", "rerank_features");
  const queries = labelQueries(table, labelCut, until, o.protocol, known, o.maxQueries, o.seed);
  const settings = {
    candidates: o.candidates,
    lastN: o.lastN,
    maxHistory: o.maxHistory,
    popularN: o.popularN,
  };
  const features = new CandidateFeatures(generatorsOf(labelParts.parts), itemFacts(table, labelCut, nItems), settings);
  const rows = buildRows(queries, features);
  clock.lap("features_s");
  const firstVal = Math.floor(queries.sessions * (1 - VALIDATION_SHARE));
  const train: number[] = [];
  const val: number[] = [];
  rows.query.forEach((q, b) => (queries.session[q] >= firstVal ? val : train).push(b));
  if (train.length < MIN_TRAIN_QUERIES || val.length < MIN_VALIDATION_QUERIES)
    throw new CartliftError(
      "too_little_data",
      `rerank: the label window (${day(labelCut)} to ${day(until)}) gives ${rows.hits} labelled queries with a target ` +
        `among the candidates (${train.length} to train, ${val.length} to validate, from ${queries.sessions} sessions); ` +
        `training needs at least ${MIN_TRAIN_QUERIES} to train and ${MIN_VALIDATION_QUERIES} to validate ` +
        `(the latest ${VALIDATION_SHARE * 100}% of the sessions)`,
      `use a longer --label-window (now ${o.labelWindowMs / 86_400_000} d), or more data: about ` +
        `${sessionsNeeded(rows.hits, queries.sessions)} sessions of 2+ known events in the window`,
    );
  // normalise the rows in place: the network sees (x - mean) / std, as serving computes it
  const { mean, std } = featureScale(rows.x, rows.F);
  for (let r = 0; r < rows.x.length; r += rows.F)
    for (let f = 0; f < rows.F; f++) rows.x[r + f] = (rows.x[r + f] - mean[f]) / std[f];
  ctx.onPhase?.(`training the ${o.ranker} ranker`, "rerank_train");
  const lib = await tensorLib(o.backend);
  const trained = await trainRanker(
    lib.tf,
    rows,
    Int32Array.from(train),
    Int32Array.from(val),
    {
      kind: o.ranker,
      hidden: o.hidden,
      epochs: o.epochs,
      patience: 3,
      batch: 128,
      learningRate: o.learningRate,
      seed: o.seed,
    },
    ctx.onLog,
  );
  clock.lap("train_s");
  ctx.onPhase?.("feature importance on the validation slice", "rerank_importance");
  const importance = permutationImportance(
    rows,
    Int32Array.from(val.slice(0, 2000)),
    trained.layers,
    features.names,
    o.seed,
  );
  clock.lap("importance_s");
  ctx.onPhase?.("fitting the generators on every training event", "rerank_generators");
  const final = await fitParts(table, o, { ...ctx, until });
  clock.lap("generators_s");
  const ranker: Ranker = { kind: o.ranker, mean, std, layers: trained.layers };
  const model = new RerankModel(final.parts, itemFacts(table, until, nItems), settings, ranker);
  return {
    model,
    params: {
      ...asGiven,
      until: Number.isFinite(ctx.until) ? ctx.until : undefined,
      covis: final.covisParams,
      item2vec: final.item2vecParams,
    },
    run: {
      backend: lib.backend,
      rerank: {
        labelCut,
        labelWindowSessions: queries.windowSessions,
        labelWindowQueries: queries.windowQueries,
        queries: rows.queries,
        candidateRecall: rows.queries > 0 ? rows.hits / rows.queries : 0,
        meanCandidates: rows.meanCandidates,
        trainQueries: train.length,
        validationQueries: val.length,
        epochs: trained.trainLoss.length,
        bestEpoch: trained.bestEpoch,
        trainLoss: trained.trainLoss,
        validationLoss: trained.valLoss,
        featureImportance: importance.features,
        timings: clock.laps,
      },
    },
  };
}

/** Co-visitation (every matrix) and item2vec, trained on the events before `ctx.until`. */
async function fitParts(table: EventTable, o: RerankOptions, ctx: FitContext) {
  const covis = await covisKind.fit(table, { matrices: o.matrices, k: o.k }, ctx);
  const i2v = o.item2vec
    ? await item2vecKind.fit(table, { k: o.k, epochs: o.item2vecEpochs, backend: o.backend, seed: o.seed }, ctx)
    : null;
  const parts: RerankParts = {
    covis: covis.model as CovisModel,
    item2vec: i2v ? (i2v.model as Item2VecModel) : null,
  };
  return { parts, covisParams: covis.params, item2vecParams: i2v?.params ?? null };
}

/** Sessions in the label window that give enough queries to train and to validate, at the rate seen. */
function sessionsNeeded(hits: number, sessions: number): string {
  const perSession = hits / Math.max(1, sessions);
  if (perSession === 0) return "(none of the window's queries had a target among its candidates)";
  const need = Math.max(
    MIN_TRAIN_QUERIES / (1 - VALIDATION_SHARE) / perSession,
    MIN_VALIDATION_QUERIES / VALIDATION_SHARE / perSession,
  );
  return String(Math.ceil(need));
}

function phaseClock() {
  let at = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const now = performance.now();
      laps[name] = Math.round(now - at) / 1000;
      at = now;
    },
  };
}
