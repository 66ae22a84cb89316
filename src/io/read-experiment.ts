import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../errors.js";
import { parseExperiment, type ExperimentConfig } from "../experiment/experiment-config.js";

/** Reads and validates an experiment file (exp.json). */
export function readExperiment(path: string): ExperimentConfig {
  if (!existsSync(path)) throw new InputError("file_not_found", `${path}: no such file`, { file: path });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError("bad_experiment", `${path}: not valid JSON (${(e as Error).message})`, { file: path });
  }
  return parseExperiment(raw, path);
}
