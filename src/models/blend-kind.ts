import { BlendModel } from "./blend.js";
import type { FittedModel, ModelKind } from "./model-kind.js";
import type { GivenOptions } from "./option-table.js";

/** A part of a blend to train: a kind, its weight and its own options. */
export interface BlendPartRecipe {
  kind: string;
  weight: number;
  options: GivenOptions;
}

interface StoredPart {
  kind: string;
  weight: number;
  params?: Record<string, unknown>;
}

/**
 * A weighted blend of other kinds ("covis:0.7+history:0.3"): each part trains on the same events with its own
 * options and is stored under `part<i>.` in the same file. Blends do not nest.
 */
export const blendKind: ModelKind<BlendModel> = {
  name: "blend",
  summary: "a weighted blend of other kinds, written parts joined by + with :weight (covis:0.7+history:0.3)",
  options: [],
  async fit(_table, given, ctx) {
    const recipe = given.parts as readonly BlendPartRecipe[];
    const parts: (FittedModel & { weight: number })[] = [];
    for (const part of recipe) parts.push({ ...(await ctx.fitPart!(part.kind, part.options)), weight: part.weight });
    return {
      model: new BlendModel(parts.map((p) => ({ model: p.model, weight: p.weight }))),
      params: { parts: parts.map((p) => ({ kind: p.model.kind, weight: p.weight, params: p.params })) },
      run: Object.assign({}, ...parts.map((p) => p.run ?? {})),
    };
  },
  write(model, params, out) {
    // the params' parts[i] are the parts' training options
    const given = (params.parts as StoredPart[] | undefined) ?? [];
    const parts = model.parts.map((p, i) => ({
      kind: p.model.kind,
      weight: p.weight,
      params: out.writePart(p.model, given[i]?.params ?? {}, `part${i}.`),
    }));
    return { ...params, parts };
  },
  read(params, from) {
    if (from.prefix !== "") throw from.bad("a blend inside a blend");
    const parts = (params.parts as StoredPart[] | undefined) ?? [];
    if (parts.length === 0) throw from.bad("a blend without parts");
    return new BlendModel(
      parts.map((p, i) => ({ model: from.readPart(p.kind, p.params ?? {}, `part${i}.`), weight: p.weight })),
    );
  },
  shrink: (model, to) => new BlendModel(model.parts.map((p) => ({ model: to.shrinkPart(p.model), weight: p.weight }))),
  neighbourEntries: (model, ofPart) => model.parts.reduce((sum, p) => sum + ofPart(p.model), 0),
  popular: (model, ofPart) => ofPart(model.parts[0].model),
};
