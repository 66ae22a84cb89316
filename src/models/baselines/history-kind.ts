import type { ModelKind } from "../model-kind.js";
import { assembleOptions } from "../option-table.js";
import { EVENT_WEIGHTS, HALF_LIFE, WINDOW } from "../shared-options.js";
import { shrinkPopular } from "../shrink.js";
import { HistoryModel, type HistoryOptions } from "./history.js";
import { PopularModel } from "./popular.js";

/** The user's own items, most recent and strongest first ("resurface what they added"), topped up with popular ones. */
export const historyKind: ModelKind<HistoryModel> = {
  name: "history",
  summary: "the user's own items by event weight and recency, topped up with popular items",
  options: [EVENT_WEIGHTS, HALF_LIFE, WINDOW],
  async fit(table, given, ctx) {
    ctx.onPhase?.("fitting history", "fit_history");
    const o = assembleOptions(this.options, given) as HistoryOptions & { windowMs?: number };
    // the fallback counts every event of the window, undecayed: the half-life is the history's recency
    const fallback = PopularModel.train(table, { weights: o.weights, windowMs: o.windowMs, until: ctx.until });
    return {
      model: new HistoryModel(fallback, { weights: o.weights, halfLifeMs: o.halfLifeMs }),
      params: o as Record<string, unknown>,
    };
  },
  write: (_model, params) => params,
  read: (params, from) => new HistoryModel(from.popular(), params as HistoryOptions),
  shrink: (model, to) => new HistoryModel(shrinkPopular(model.fallback, to.newCode, to.nItems), model.options),
  neighbourEntries: () => 0,
  popular: (model) => model.fallback,
};
