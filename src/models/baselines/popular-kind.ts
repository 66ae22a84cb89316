import type { ModelKind } from "../model-kind.js";
import { assembleOptions } from "../option-table.js";
import { EVENT_WEIGHTS, HALF_LIFE, WINDOW } from "../shared-options.js";
import { shrinkPopular } from "../shrink.js";
import { PopularModel, type PopularOptions } from "./popular.js";

/** Weighted, optionally decayed popularity: the fallback of every other kind. */
export const popularKind: ModelKind<PopularModel> = {
  name: "popular",
  summary: "the most popular items (weighted by event type, optionally decayed or windowed)",
  options: [EVENT_WEIGHTS, HALF_LIFE, WINDOW],
  async fit(table, given, ctx) {
    ctx.onPhase?.("fitting popular", "fit_popular");
    const o = assembleOptions(this.options, given) as PopularOptions;
    const model = PopularModel.train(table, { ...o, until: ctx.until });
    return { model, params: o as Record<string, unknown> };
  },
  write: (_model, params) => params,
  read: (_params, from) => from.popular(),
  shrink: (model, to) => shrinkPopular(model, to.newCode, to.nItems),
  neighbourEntries: () => 0,
  popular: (model) => model,
};
