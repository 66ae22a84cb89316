import { isFile } from "../io/file-kind.js";
import { UsageError } from "../errors.js";
import { loadModel } from "../models/model-reader.js";
import { parseModelRecipe, type ModelSpec } from "../models/spec.js";

export type { ModelSpec } from "../models/spec.js";

/**
 * A trained model file when `spec` names one, otherwise a model to train in the spec grammar (models/spec.ts).
 * `context` names the flag or pipeline key in errors.
 */
export function parseModelSpec(spec: string, context = "--models"): ModelSpec {
  const text = spec.trim();
  if (isFile(text)) return { spec, name: text.split("/").pop()!, file: text };
  return { spec, name: text, recipe: parseModelRecipe(text, context) };
}

/** The latest `--until` among model-file specs: their training window fixes the cut. */
export function fileModelsUntil(specs: ModelSpec[]): number | undefined {
  let cut: number | undefined;
  for (const s of specs) {
    if (!("file" in s)) continue;
    const until = loadModel(s.file).manifest.data?.until;
    if (!until)
      throw new UsageError(
        `${s.file} was trained on all the data (no --until): evaluating it would leak the test part`,
        "train it with --until <time>, or pass --cut",
      );
    const t = Date.parse(until as string);
    cut = cut === undefined ? t : Math.max(cut, t);
  }
  return cut;
}
