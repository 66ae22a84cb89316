import { existsSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { InputError } from "../errors.js";
import { readTextFile } from "./read-text-file.js";

/** A model of `--models` or of a config file: a spec, optionally with a display name. */
export type ModelEntry = string | { name: string; spec: string };

/**
 * A JSON file that lists models to compare: `{"models": ["popular", {"name": "cosine", "spec":
 * "covis[normalise=cosine]"}, "models/nightly.model"]}`. Relative model file paths are read from the
 * config file's folder.
 */
export function readModelsConfig(file: string): ModelEntry[] {
  if (!existsSync(file)) throw new InputError("file_not_found", `${file}: no such file`, { file });
  let config: unknown;
  const text = readTextFile(file, "models config", 16 << 20);
  try {
    config = JSON.parse(text);
  } catch (e) {
    throw new InputError("bad_config", `${file}: not valid JSON (${(e as Error).message})`, { file });
  }
  const models = (config as { models?: unknown }).models;
  if (!Array.isArray(models) || models.length === 0)
    throw new InputError("bad_config", `${file}: needs a non-empty "models" list`, {
      file,
      hint: '{"models": ["popular", {"name": "cosine", "spec": "covis[normalise=cosine]"}]}',
    });
  const near = (spec: string) => {
    const path = isAbsolute(spec) ? spec : join(dirname(file), spec);
    return existsSync(path) ? path : spec;
  };
  return models.map((m, i) => {
    if (typeof m === "string") return near(m);
    if (m && typeof m === "object" && typeof m.spec === "string")
      return { name: typeof m.name === "string" ? m.name : m.spec, spec: near(m.spec) };
    throw new InputError("bad_config", `${file}: models[${i}] must be a spec string or {"name", "spec"}`, { file });
  });
}
