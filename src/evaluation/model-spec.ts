import { existsSync, statSync } from "node:fs";
import { parseDuration } from "../data/duration.js";
import { UsageError } from "../errors.js";
import { tensorBackendChoice } from "../tensor/tensor-backend.js";
import { eventRepeats } from "../models/embedding/item-sequences.js";
import { MODEL_KINDS, type ModelOptions, type ModelRecipe } from "../models/fit-model.js";
import type { HistoryMode } from "../models/covis/covis-model.js";
import type { MatrixName } from "../models/covis/train-covis.js";
import { NORMALISATIONS, type Normalisation } from "../models/covis/normalise.js";

/** What `--models` names: a model to train on the training part, or a trained model file. */
export type ModelSpec =
  { spec: string; name: string; recipe: ModelRecipe } | { spec: string; name: string; file: string };

const HINT =
  'a model file, or parts joined by +, each kind[options]:weight, e.g. covis, "covis[normalise=cosine,k=20]", "covis:0.7+history:0.3"';

/**
 * "covis", "covis[normalise=cosine,last-n=5]", "covis:0.7+history[half-life=7d]:0.3", or the path
 * of a trained model file. Options are the `cartlift train` flags without dashes (lists inside take |:
 * `matrices=covisit|buy2buy`, `weights=view:1|cart_add:6`).
 */
export function parseModelSpec(spec: string): ModelSpec {
  const text = spec.trim();
  if (existsSync(text) && statSync(text).isFile()) return { spec, name: text.split("/").pop()!, file: text };
  const parts = splitTopLevel(text).map((part) => {
    const m = /^([a-z0-9_-]+)(?:\[(.*)\])?(?::([0-9.eE+-]+))?$/i.exec(part.trim());
    if (!m) throw new UsageError(`--models: cannot read "${part}" in "${spec}"`, HINT);
    const [, kind, options, weight] = m;
    if (!(MODEL_KINDS as readonly string[]).includes(kind))
      throw new UsageError(`--models: unknown model "${kind}" in "${spec}" (and no such file)`, HINT);
    const w = weight === undefined ? 1 : Number(weight);
    if (!(w > 0)) throw new UsageError(`--models: the weight of "${part}" must be a positive number`, HINT);
    return { kind, weight: w, weighted: weight !== undefined, options: parseOptions(options ?? "", spec) };
  });
  const recipe: ModelRecipe =
    parts.length === 1 && !parts[0].weighted
      ? { kind: parts[0].kind, options: parts[0].options }
      : { blend: parts.map(({ kind, weight, options }) => ({ kind, weight, options })) };
  return { spec, name: text, recipe };
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

function parseOptions(text: string, spec: string): ModelOptions {
  const covis: NonNullable<ModelOptions["covis"]> = {};
  const scoring: NonNullable<NonNullable<ModelOptions["covis"]>["scoring"]> = {};
  const o: ModelOptions = {};
  const item2vec: NonNullable<ModelOptions["item2vec"]> = {};
  for (const pair of text.split(",").filter((p) => p.trim())) {
    const eq = pair.indexOf("=");
    const key = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const where = `--models "${spec}": ${key}`;
    const num = () => {
      const v = Number(value);
      if (value === "" || !Number.isFinite(v)) throw new UsageError(`${where} expects a number, got "${value}"`);
      return v;
    };
    if (eq < 0) throw new UsageError(`--models "${spec}": option "${pair}" is not key=value`, HINT);
    switch (key) {
      case "scope":
        if (value !== "session" && value !== "user")
          throw new UsageError(`${where} is session or user, got "${value}"`);
        covis.scope = item2vec.scope = value;
        break;
      case "max-gap":
        covis.maxGap = num();
        break;
      case "window":
        covis.windowMs = o.windowMs = parseDuration(value, where);
        break;
      case "half-life":
        covis.halfLifeMs = o.halfLifeMs = parseDuration(value, where);
        break;
      case "position-decay":
        covis.positionDecay = value !== "false";
        break;
      case "normalise":
        if (!(NORMALISATIONS as string[]).includes(value))
          throw new UsageError(`${where}: "${value}" is not one of ${NORMALISATIONS.join(", ")}`);
        covis.normalisation = value as Normalisation;
        break;
      case "k":
        covis.k = item2vec.k = num();
        break;
      case "dim":
        item2vec.dim = num();
        break;
      case "context":
        item2vec.window = num();
        break;
      case "negatives":
        item2vec.negatives = num();
        break;
      case "epochs":
        item2vec.epochs = num();
        break;
      case "alpha":
        item2vec.alpha = num();
        break;
      case "min-alpha":
        item2vec.minAlpha = num();
        break;
      case "repeat":
        item2vec.repeat = eventRepeats(
          value.split("|").map((p) => p.split(":").map((x) => x.trim()) as [string, string]),
          where,
        );
        break;
      case "backend":
        item2vec.backend = tensorBackendChoice(value, where);
        break;
      case "sample":
        item2vec.sample = num();
        break;
      case "min-count":
        item2vec.minCount = num();
        break;
      case "seed":
        item2vec.seed = num();
        break;
      case "min-support":
        covis.minSupport = num();
        break;
      case "matrices":
        covis.matrices = value.split("|") as MatrixName[];
        break;
      case "complement-window":
        covis.complementWindowMs = parseDuration(value, where);
        break;
      case "last-n":
        scoring.lastN = num();
        break;
      case "history":
        scoring.history = value as HistoryMode;
        break;
      case "matrix":
        scoring.matrix = value;
        break;
      case "weights":
        covis.weights = o.weights = Object.fromEntries(
          value.split("|").map((w) => {
            const [type, v] = w.split(":");
            if (!type || !Number.isFinite(Number(v)))
              throw new UsageError(`${where} expects type:number pairs joined by |, got "${w}"`);
            return [type, Number(v)];
          }),
        );
        break;
      default:
        throw new UsageError(
          `--models "${spec}": unknown option "${key}"`,
          "options: scope, max-gap, window, half-life, position-decay, normalise, k, min-support, matrices, complement-window, last-n, history, matrix, weights; item2vec: dim, context, negatives, epochs, alpha, min-alpha, sample, min-count, seed, backend, repeat (type:n|...)",
        );
    }
  }
  if (Object.keys(scoring).length > 0) covis.scoring = scoring;
  if (Object.keys(covis).length > 0) o.covis = covis;
  if (Object.keys(item2vec).length > 0) o.item2vec = item2vec;
  return o;
}
