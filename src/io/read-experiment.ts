import { existsSync, readFileSync } from "node:fs";
import { InputError } from "../errors.js";

/** Reads an experiment file (exp.json) as JSON; `experiment/experiment-config.ts` validates it. */
export function readExperimentJson(path: string): unknown {
  if (!existsSync(path)) throw new InputError("file_not_found", `${path}: no such file`, { file: path });
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new InputError("bad_experiment", `${path}: not valid JSON (${(e as Error).message})`, { file: path });
  }
  return raw;
}
