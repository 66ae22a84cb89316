import { UsageError } from "../errors.js";
import { historyKind } from "./baselines/history-kind.js";
import { popularKind } from "./baselines/popular-kind.js";
import type { PopularModel } from "./baselines/popular.js";
import { blendKind, type BlendPartRecipe } from "./blend-kind.js";
import { covisKind } from "./covis/covis-kind.js";
import { item2vecKind } from "./embedding/item2vec-kind.js";
import { rerankKind } from "./rerank/rerank-kind.js";
import type { FitContext, FittedModel, ModelKind, ShrinkTarget } from "./model-kind.js";
import type { GivenOptions } from "./option-table.js";
import type { HistoryEvent, Recommendation, Recommender } from "./recommender.js";

/**
 * Every model kind, by name. Adding a kind: a folder under src/models/ with its model and its `ModelKind`, one line
 * here, and its tests (docs/architecture.md). Everything else (train's flags, the spec grammar, fitting, the model
 * file, export) looks kinds up here.
 */
const KINDS: readonly ModelKind[] = [
  entry(covisKind),
  entry(popularKind),
  entry(historyKind),
  entry(item2vecKind),
  entry(rerankKind),
  entry(blendKind),
];

/** A kind as the registry holds it: it is only ever handed models of its own kind (looked up by `model.kind`). */
function entry<M extends Recommender>(kind: ModelKind<M>): ModelKind {
  return kind as unknown as ModelKind;
}

const byName = new Map<string, ModelKind>(KINDS.map((k) => [k.name, k]));

/** The kinds a spec can name on its own (a blend is written as parts joined by +). */
export const TRAINABLE_KINDS: readonly string[] = KINDS.filter((k) => k.name !== blendKind.name).map((k) => k.name);

export function allKinds(): readonly ModelKind[] {
  return [...byName.values()];
}

/** The kind of this name, or undefined. */
export function findKind(name: string): ModelKind | undefined {
  return byName.get(name);
}

/** The kind a spec names; unknown names are a usage error listing the kinds. */
export function modelKind(name: string, where = "model"): ModelKind {
  const kind = TRAINABLE_KINDS.includes(name) ? byName.get(name) : undefined;
  if (!kind)
    throw new UsageError(
      `${where}: unknown model "${name}"`,
      `models: ${TRAINABLE_KINDS.join(", ")}, or a blend such as covis:0.7+history:0.3`,
    );
  return kind;
}

/** The kind of a model object (by its `kind`). */
export function kindOf(model: Recommender): ModelKind {
  const kind = byName.get(model.kind);
  if (!kind) throw new TypeError(`no model kind "${model.kind}" is registered`);
  return kind;
}

/** A model to train: one kind with its options, or a weighted blend whose parts each have their own. */
export type ModelRecipe = { kind: string; options: GivenOptions } | { blend: BlendPartRecipe[] };

/** Trains a recipe on the events before `ctx.until`. */
export function fitModel(
  recipe: ModelRecipe,
  table: Parameters<ModelKind["fit"]>[0],
  ctx: FitContext,
): Promise<FittedModel> {
  if (!("blend" in recipe)) return modelKind(recipe.kind).fit(table, recipe.options, ctx);
  const fitPart = (kind: string, given: GivenOptions) => modelKind(kind).fit(table, given, ctx);
  return blendKind.fit(table, { parts: recipe.blend }, { ...ctx, fitPart });
}

/** Stored neighbour entries of a model (every list; summed over a blend's parts). */
export function neighbourEntries(model: Recommender): number {
  return kindOf(model).neighbourEntries(model, neighbourEntries);
}

/** The popularity list a model falls back on (a blend's: its first part's). */
export function popularOf(model: Recommender): PopularModel {
  return kindOf(model).popular(model, popularOf);
}

/**
 * A model restricted to some items and cut to k neighbours per item, for a serving artifact: `newCode[old]` is an
 * item's code in the smaller catalogue (-1: dropped).
 */
export function shrinkModel(model: Recommender, newCode: Int32Array, nItems: number, k: number | null): Recommender {
  const to: ShrinkTarget = { newCode, nItems, k, shrinkPart: (part) => kindOf(part).shrink(part, to) };
  return kindOf(model).shrink(model, to);
}

/**
 * recommend() for many histories at once where the model's kind has a faster way (item2vec's dense path), else
 * undefined: the caller asks one by one. `given` are the options the model was specified with (its backend).
 */
export async function recommendMany(
  model: Recommender,
  histories: readonly (readonly HistoryEvent[])[],
  k: number,
  given: GivenOptions,
  onProgress?: (done: number, total: number) => void,
): Promise<{ answers: Recommendation[]; run: Record<string, unknown> } | undefined> {
  const kind = findKind(model.kind);
  return kind?.recommendMany ? kind.recommendMany(model, histories, k, given, onProgress) : undefined;
}
