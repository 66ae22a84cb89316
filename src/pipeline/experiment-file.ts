import { parseExperiment, type ExperimentConfig } from "../experiment/experiment-config.js";
import { readExperimentJson } from "../io/read-experiment.js";

/** Reads and validates an experiment file (exp.json): errors name the file and the field. */
export function readExperiment(path: string): ExperimentConfig {
  return parseExperiment(readExperimentJson(path), path);
}
