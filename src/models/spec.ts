import { UsageError } from "../errors.js";
import type { GivenOptions, ModelOption } from "./option-table.js";
import { modelKind, type ModelRecipe } from "./registry.js";

/**
 * The one grammar of a model to train, used by `train`, `evaluate --models`, `replay --policy`, `run` pipeline files
 * and blends alike: parts joined by `+`, each `kind[option=value,...]:weight`, e.g. `covis`,
 * `covis[normalise=cosine,k=20]`, `covis:0.7+history[half-life=7d]:0.3`. Options are the kind's option table
 * (`cartlift train --help`); inside brackets, list values join with `|` and pairs with `:`
 * (`matrices=covisit|buy2buy`, `weights=view:1|cart_add:6`).
 */
export const SPEC_HINT =
  'parts joined by +, each kind[option=value,...]:weight, e.g. covis, "covis[normalise=cosine,k=20]", "covis:0.7+history:0.3"';

/**
 * Reads a spec. `context` names where it came from in errors (`--models`, `--policy`, `train`); `defaults` are options
 * given outside the spec (train's flags), applied to every part whose kind has them, under the part's own options.
 */
export function parseModelRecipe(spec: string, context: string, defaults: GivenOptions = {}): ModelRecipe {
  const parts = splitTopLevel(spec.trim()).map((part) => {
    const m = /^([a-z0-9_-]+)(?:\[(.*)\])?(?::([0-9.eE+-]+))?$/i.exec(part.trim());
    if (!m) throw new UsageError(`${context}: cannot read "${part}" in "${spec}"`, SPEC_HINT);
    const [, name, options, weight] = m;
    const kind = modelKind(name, `${context} "${spec}"`);
    const w = weight === undefined ? 1 : Number(weight);
    if (!(w > 0 && Number.isFinite(w)))
      throw new UsageError(`${context}: the weight of "${part}" must be a positive number`, SPEC_HINT);
    const own = readOptions(kind.options, options ?? "", `${context} "${spec}"`, kind.name);
    const given: Record<string, unknown> = {};
    for (const option of kind.options) if (option.name in defaults) given[option.name] = defaults[option.name];
    return { kind: kind.name, weight: w, weighted: weight !== undefined, options: { ...given, ...own } };
  });
  if (parts.length === 1 && !parts[0].weighted) return { kind: parts[0].kind, options: parts[0].options };
  return { blend: parts.map(({ kind, weight, options }) => ({ kind, weight, options })) };
}

/** The kinds a spec names (to check options given outside it). */
export function recipeKinds(recipe: ModelRecipe): string[] {
  return "blend" in recipe ? recipe.blend.map((p) => p.kind) : [recipe.kind];
}

/** `name=value,...` of one part, each read by the kind's option table. */
function readOptions(table: readonly ModelOption[], text: string, where: string, kind: string): GivenOptions {
  const out: Record<string, unknown> = {};
  for (const pair of text.split(",").filter((p) => p.trim())) {
    const eq = pair.indexOf("=");
    if (eq < 0) throw new UsageError(`${where}: option "${pair}" is not key=value`, SPEC_HINT);
    const name = pair.slice(0, eq).trim();
    const option = table.find((o) => o.name === name);
    if (!option)
      throw new UsageError(
        `${where}: unknown option "${name}" of ${kind}`,
        table.length > 0 ? `options of ${kind}: ${table.map((o) => o.name).join(", ")}` : `${kind} has no options`,
      );
    out[name] = option.parse(pair.slice(eq + 1).trim(), `${where}: ${name}`);
  }
  return out;
}

/** Splits on + outside brackets. */
function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "[") depth++;
    else if (text[i] === "]") depth--;
    else if (text[i] === "+" && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}

/** What `--models`, `--policy` and pipeline files name: a model to train, or a trained model file. */
export type ModelSpec =
  { spec: string; name: string; recipe: ModelRecipe } | { spec: string; name: string; file: string };
