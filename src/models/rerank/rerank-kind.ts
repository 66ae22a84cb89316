import { denseStackSections, readDenseStack, type LayerShape } from "../../artifact/ranker-sections.js";
import type { CovisModel } from "../covis/covis-model.js";
import type { Item2VecModel } from "../embedding/item2vec-model.js";
import type { ModelKind } from "../model-kind.js";
import type { RankerCut } from "./cut.js";
import type { CandidateSettings, ItemFacts } from "./item-facts.js";
import { RERANK_OPTIONS } from "./rerank-options.js";
import { RerankModel } from "./rerank-model.js";

const FACTS = ["pop_all", "pop_recent", "category", "price"] as const;

/** A learned ranking stage over co-visitation, item2vec, the history and popular items; docs/rerank.md. */
export const rerankKind: ModelKind<RerankModel> = {
  name: "rerank",
  summary: "a learned ranking stage: candidates from covis, item2vec, history and popular, scored by a small network",
  options: RERANK_OPTIONS,
  async fit(table, given, ctx) {
    const { fitRerank } = await import("./fit-rerank.js");
    return fitRerank(table, given, RERANK_OPTIONS, ctx);
  },
  write(model, params, out) {
    const p = out.prefix;
    const covis = out.writePart(model.parts.covis, (params.covis as Record<string, unknown>) ?? {}, `${p}covis.`);
    const item2vec = model.parts.item2vec
      ? out.writePart(model.parts.item2vec, (params.item2vec as Record<string, unknown>) ?? {}, `${p}item2vec.`)
      : null;
    const { facts, ranker } = model;
    out.sections[`${p}rerank_pop_all`] = facts.popAll;
    out.sections[`${p}rerank_pop_recent`] = facts.popRecent;
    out.sections[`${p}rerank_category`] = facts.category;
    out.sections[`${p}rerank_price`] = facts.price;
    const stack = denseStackSections(`${p}rerank_ranker`, ranker);
    Object.assign(out.sections, stack.sections);
    if (model.cut) out.sections[`${p}rerank_cut_w`] = model.cut.w;
    return {
      ...params,
      covis,
      item2vec,
      settings: model.settings,
      ranker: { kind: ranker.kind, layers: stack.shapes, ...(model.cut ? { cut: model.cut.keep } : {}) },
      features: model.featureNames,
    };
  },
  read(params, from) {
    const covis = from.readPart("covis", (params.covis as Record<string, unknown>) ?? {}, `${from.prefix}covis.`);
    const item2vec = params.item2vec
      ? from.readPart("item2vec", params.item2vec as Record<string, unknown>, `${from.prefix}item2vec.`)
      : null;
    const n = from.nItems;
    const facts: ItemFacts = {
      popAll: from.need("rerank_pop_all", Float32Array),
      popRecent: from.need("rerank_pop_recent", Float32Array),
      category: from.need("rerank_category", Int32Array),
      price: from.need("rerank_price", Float32Array),
    };
    if (FACTS.some((_, i) => Object.values(facts)[i].length !== n))
      throw from.bad("the rerank item facts do not match the items");
    const spec = params.ranker as { kind?: string; layers?: LayerShape[]; cut?: number } | undefined;
    const stack = readDenseStack("rerank_ranker", spec?.layers ?? [], (name) => from.need(name, Float32Array));
    if (!stack || (spec?.kind !== "mlp" && spec?.kind !== "linear"))
      throw from.bad("the rerank ranker's weights are damaged");
    const settings = params.settings as CandidateSettings;
    // models written before the cut have none
    let cut: RankerCut | null = null;
    if (spec.cut !== undefined) {
      const w = from.need("rerank_cut_w", Float32Array);
      if (!(Number.isInteger(spec.cut) && spec.cut >= 0) || w.length !== stack.mean.length || !w.every(Number.isFinite))
        throw from.bad("the rerank cut's weights are damaged");
      cut = { w, keep: spec.cut };
    }
    return new RerankModel(
      { covis: covis as CovisModel, item2vec: item2vec as Item2VecModel | null },
      facts,
      settings,
      { kind: spec.kind, ...stack },
      cut,
    );
  },
  shrink(model, to) {
    const keep = <T extends Float32Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const out = make(to.nItems);
      for (let old = 0; old < to.newCode.length; old++) if (to.newCode[old] >= 0) out[to.newCode[old]] = a[old];
      return out;
    };
    const f = model.facts;
    return new RerankModel(
      {
        covis: to.shrinkPart(model.parts.covis) as CovisModel,
        item2vec: model.parts.item2vec ? (to.shrinkPart(model.parts.item2vec) as Item2VecModel) : null,
      },
      {
        popAll: keep(f.popAll, (n) => new Float32Array(n)),
        popRecent: keep(f.popRecent, (n) => new Float32Array(n)),
        category: keep(f.category, (n) => new Int32Array(n)),
        price: keep(f.price, (n) => new Float32Array(n)),
      },
      model.settings,
      model.ranker,
      model.cut,
    );
  },
  neighbourEntries: (model, ofPart) =>
    ofPart(model.parts.covis) + (model.parts.item2vec ? ofPart(model.parts.item2vec) : 0),
  popular: (model) => model.parts.covis.popular,
};
