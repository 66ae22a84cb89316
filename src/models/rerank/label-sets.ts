import type { EventTable } from "../../data/event-table.js";
import { UsageError } from "../../errors.js";
import { covisKind } from "../covis/covis-kind.js";
import type { CovisModel } from "../covis/covis-model.js";
import type { Item2VecModel } from "../embedding/item2vec-model.js";
import { item2vecKind } from "../embedding/item2vec-kind.js";
import type { FitContext } from "../model-kind.js";
import { CandidateFeatures } from "./features.js";
import { itemFacts } from "./fit-facts.js";
import { buildRows, type BuiltRows } from "./fit-rows.js";
import { labelFolds, withoutFold } from "./label-folds.js";
import { labelQueries, type LabelQueries } from "./label-queries.js";
import { isMomentProtocol, momentLabelQueries } from "./moment-queries.js";
import type { RerankOptions } from "./rerank-options.js";
import { generatorsOf, type RerankParts } from "./rerank-model.js";
import type { CandidateSettings } from "./item-facts.js";

/** The moment protocols' history length: evaluate's --max-history default. */
const MOMENT_HISTORY = 50;

/** One label set (a label window or a label fold): its queries and their rows. */
export interface WindowRows {
  queries: LabelQueries;
  rows: BuiltRows;
}

/**
 * The labelled rows, latest set first. Label windows (`--label-folds 0`): each window's sessions, with generators
 * and item facts fitted on the events before the window. Label folds (`--label-folds n`): every training session, the
 * sessions cut by start time into n folds, each fold's generators and item facts fitted on the other folds' sessions
 * (before `until`), so no event of a query's own session is seen by its features.
 */
export async function labelSets(
  table: EventTable,
  o: RerankOptions,
  ctx: FitContext,
  until: number,
  settings: CandidateSettings,
): Promise<{ windows: WindowRows[]; names: string[] }> {
  const nItems = table.dicts.item.size;
  const windows: WindowRows[] = [];
  let names: string[] = [];
  if (o.labelFolds === 1)
    throw new UsageError(
      "rerank: --label-folds 1 leaves no data to fit the generators on",
      "use 0 (label windows) or 2 or more",
    );
  if (o.labelFolds > 1) {
    if (isMomentProtocol(o.protocol))
      throw new UsageError(
        `rerank: --label-folds works with the session protocols, not ${o.protocol}`,
        "use --label-folds 0 (label windows) for a moment protocol",
      );
    const folds = labelFolds(table, until, o.labelFolds);
    for (let f = 0; f < folds.length; f++) {
      const fold = folds[f];
      ctx.onPhase?.(`fitting the generators without label fold ${f + 1}`, `rerank_generators_label${f + 1}`);
      const rest = withoutFold(table, fold.sessions, until);
      const parts = (await fitParts(rest, o, { ...ctx, until: Infinity })).parts;
      const known = new Uint8Array(nItems);
      for (let i = 0; i < rest.length; i++) known[rest.item[i]] = 1;
      ctx.onPhase?.(`candidates and features of label fold ${f + 1}`, `rerank_features${f + 1}`);
      const cap = Math.ceil(o.maxQueries / folds.length);
      const queries = labelQueries(table, fold.from, until, o.protocol, known, cap, o.seed + f, fold.sessions);
      const features = new CandidateFeatures(
        generatorsOf(parts),
        itemFacts(rest, Infinity, nItems, fold.from),
        settings,
      );
      names = features.names;
      windows.push({ queries, rows: buildRows(queries, features) });
    }
    return { windows, names };
  }
  for (let w = 0; w < o.labelWindows; w++) {
    const to = until - w * o.labelWindowMs;
    const from = to - o.labelWindowMs;
    ctx.onPhase?.(`fitting the generators before label window ${w + 1}`, `rerank_generators_label${w + 1}`);
    const parts = (await fitParts(table, o, { ...ctx, until: from })).parts;
    const known = new Uint8Array(nItems);
    for (let i = 0; i < table.length; i++) if (table.ts[i] < from) known[table.item[i]] = 1;
    ctx.onPhase?.(`candidates and features of label window ${w + 1}`, `rerank_features${w + 1}`);
    const queries = isMomentProtocol(o.protocol)
      ? momentLabelQueries(
          table,
          from,
          to,
          o.protocol,
          { ttlMs: o.labelTtlMs, maxHistory: MOMENT_HISTORY },
          known,
          o.maxQueries,
          o.seed + w,
        )
      : labelQueries(table, from, to, o.protocol, known, o.maxQueries, o.seed + w);
    const features = new CandidateFeatures(generatorsOf(parts), itemFacts(table, from, nItems), settings);
    names = features.names;
    windows.push({ queries, rows: buildRows(queries, features) });
  }
  return { windows, names };
}

/** Co-visitation (every matrix) and item2vec, trained on the events before `ctx.until`. */
export async function fitParts(table: EventTable, o: RerankOptions, ctx: FitContext) {
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
