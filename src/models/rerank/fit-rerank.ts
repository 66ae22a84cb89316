import type { EventTable } from "../../data/event-table.js";
import { CartliftError } from "../../errors.js";
import { tensorLib } from "../../tensor/tensor-backend.js";
import type { FitContext, FittedModel } from "../model-kind.js";
import { assembleOptions, type GivenOptions, type ModelOption } from "../option-table.js";
import { baselineSummary, checkAgainstBaseline, rankerBelowBaseline } from "./baseline-guard.js";
import { fitCut } from "./fit-cut.js";
import { itemFacts } from "./fit-facts.js";
import type { BuiltRows } from "./fit-rows.js";
import { permutationImportance } from "./importance.js";
import { fitParts, labelSets, type WindowRows } from "./label-sets.js";
import { isMomentProtocol, type MomentLabelQueries } from "./moment-queries.js";
export { MIN_TRAIN_QUERIES, MIN_VALIDATION_QUERIES } from "./too-little-data.js";
import { MIN_TRAIN_QUERIES, MIN_VALIDATION_QUERIES, tooLittleData, VALIDATION_SHARE } from "./too-little-data.js";
import { sliceQueries } from "./query-slice.js";
import { featureScale, type Ranker } from "./ranker.js";
import { rerankDefaults, usesItem2vec, type RerankOptions } from "./rerank-options.js";
import { RerankModel } from "./rerank-model.js";
import type { CandidateSettings } from "./item-facts.js";
import { tfScores, trainRanker } from "./train-ranker.js";

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
  let events = 0;
  for (let i = 0; i < table.length; i++)
    if (table.ts[i] < ctx.until) {
      events++;
      if (table.ts[i] > end) end = table.ts[i];
    }
  o.item2vec = usesItem2vec(o.item2vec, events);
  if (end === -Infinity)
    throw new CartliftError("no_training_events", "rerank: no events to train on", "move --until later");
  const until = Number.isFinite(ctx.until) ? ctx.until : end + 1;
  const labelCut = until - o.labelWindowMs;
  const clock = phaseClock();
  const nItems = table.dicts.item.size;
  const settings: CandidateSettings = {
    candidates: o.candidates,
    lastN: o.lastN,
    maxHistory: o.maxHistory,
    popularN: o.popularN,
    // only when set: models without the feature keep their manifest as before
    ...(o.sessionSeeds > 0 ? { sessionSeeds: o.sessionSeeds } : {}),
    ...(o.categoryN > 0 ? { categoryN: o.categoryN } : {}),
  };
  // set 0 is the latest: its latest sessions are the validation slice; earlier sets only add training queries
  const { windows, names } = await labelSets(table, o, ctx, until, settings);
  clock.lap("generators_and_features_s");
  ctx.onLog?.(labelSummary(o.protocol, windows));
  const rows = mergeRows(windows);
  const { train, val, valSessions } = splitByTime(windows);
  if (train.length < MIN_TRAIN_QUERIES || val.length < MIN_VALIDATION_QUERIES)
    throw tooLittleData(o, windows, rows.hits, train.length, val.length, until);
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
      loss: o.loss,
      hidden: o.hidden,
      epochs: o.epochs,
      patience: 3,
      batch: 128,
      learningRate: o.learningRate,
      seed: o.seed,
    },
    ctx.onLog,
  );
  const cutWeights = fitCut(rows, Int32Array.from(train), trained.layers);
  clock.lap("train_s");
  // a ranker that ranks worse than its own first generator must not ship silently (docs/rerank.md, "Baseline guard")
  const valRows = sliceQueries(rows, val);
  const baseline = checkAgainstBaseline(
    valRows,
    tfScores(lib.tf, trained.layers, valRows.x, rows.F),
    valSessions,
    names.indexOf("model_rank"),
    o.seed,
  );
  ctx.onLog?.(baselineSummary(baseline));
  const refused = o.baselineGuard === "on" ? rankerBelowBaseline(baseline, o.seed) : null;
  if (refused) throw refused;
  ctx.onPhase?.("feature importance on the validation slice", "rerank_importance");
  const importance = permutationImportance(
    rows,
    Int32Array.from(val.slice(0, 2000)),
    trained.layers,
    names,
    o.seed,
    (x, F) => tfScores(lib.tf, trained.layers, x, F),
  );
  clock.lap("importance_s");
  ctx.onPhase?.("fitting the generators on every training event", "rerank_generators");
  const final = await fitParts(table, o, { ...ctx, until });
  clock.lap("generators_s");
  const ranker: Ranker = { kind: o.ranker, mean, std, layers: trained.layers };
  const model = new RerankModel(final.parts, itemFacts(table, until, nItems), settings, ranker, {
    w: cutWeights,
    keep: o.cut,
  });
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
        protocol: o.protocol,
        labelWindows: windows.map((w) => ({
          ...("moments" in w.queries ? { moments: w.queries.moments } : {}),
          sessions: w.queries.windowSessions,
          queries: w.queries.windowQueries,
          sampledQueries: w.rows.queries,
          candidateRecall: w.rows.queries > 0 ? w.rows.hits / w.rows.queries : 0,
        })),
        queries: rows.queries,
        candidateRecall: rows.queries > 0 ? rows.hits / rows.queries : 0,
        meanCandidates: rows.meanCandidates,
        trainQueries: train.length,
        validationQueries: val.length,
        epochs: trained.trainLoss.length,
        bestEpoch: trained.bestEpoch,
        baselineCheck: baseline,
        trainLoss: trained.trainLoss,
        validationLoss: trained.valLoss,
        featureImportance: importance.features,
        item2vec: o.item2vec,
        timings: clock.laps,
      },
    },
  };
}

/**
 * Training and validation blocks: the validation slice is the latest VALIDATION_SHARE of the labelled queries, whole
 * sessions, in order of session start (windows are consecutive in time, window 0 the latest).
 */
function splitByTime(windows: readonly WindowRows[]): { train: number[]; val: number[]; valSessions: number[] } {
  const first: number[] = [];
  let at = 0;
  for (const w of windows) {
    first.push(at);
    at += w.rows.query.length;
  }
  // blocks oldest first, with a session key that changes at every session
  const ordered: { block: number; key: number }[] = [];
  for (let w = windows.length - 1; w >= 0; w--)
    windows[w].rows.query.forEach((q, b) =>
      ordered.push({ block: first[w] + b, key: w * 1e9 + windows[w].queries.session[q] }),
    );
  let cut = Math.floor(ordered.length * (1 - VALIDATION_SHARE));
  while (cut > 0 && cut < ordered.length && ordered[cut].key === ordered[cut - 1].key) cut++;
  return {
    train: ordered.slice(0, cut).map((x) => x.block),
    val: ordered.slice(cut).map((x) => x.block),
    valSessions: ordered.slice(cut).map((x) => x.key),
  };
}

/** The rows of every window, one after the other. */
function mergeRows(windows: readonly WindowRows[]): BuiltRows {
  if (windows.length === 1) return windows[0].rows;
  const F = windows[0].rows.F;
  const x = new Float32Array(windows.reduce((n, w) => n + w.rows.x.length, 0));
  const labels = new Float32Array(windows.reduce((n, w) => n + w.rows.labels.length, 0));
  const offsets: number[] = [0];
  const query: number[] = [];
  let at = 0;
  let queries = 0;
  let candidates = 0;
  for (const { rows } of windows) {
    x.set(rows.x, at * F);
    labels.set(rows.labels, at);
    for (let b = 1; b < rows.offsets.length; b++) offsets.push(at + rows.offsets[b]);
    rows.query.forEach((q) => query.push(queries + q));
    at += rows.labels.length;
    queries += rows.queries;
    candidates += rows.meanCandidates * rows.queries;
  }
  return {
    F,
    x,
    labels,
    offsets: Int32Array.from(offsets),
    query: Int32Array.from(query),
    hits: query.length,
    queries,
    meanCandidates: queries > 0 ? candidates / queries : 0,
  };
}

/** One line on the labelled queries: the protocol, moments found (moment protocols), queries, candidate recall. */
function labelSummary(protocol: string, windows: readonly WindowRows[]): string {
  let queries = 0;
  let hits = 0;
  let found = 0;
  for (const w of windows) {
    queries += w.rows.queries;
    hits += w.rows.hits;
    if ("moments" in w.queries) found += (w.queries as MomentLabelQueries).moments.found;
  }
  const moments = isMomentProtocol(protocol) ? `${found} moments, ` : "";
  const recall = queries > 0 ? (hits / queries).toFixed(3) : "-";
  return `${protocol} labels: ${moments}${queries} labelled queries, candidate recall ${recall} (${hits} with a target among the candidates)`;
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
