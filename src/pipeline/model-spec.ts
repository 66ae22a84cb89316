import { isFile } from "../io/file-kind.js";
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
