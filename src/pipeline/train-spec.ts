import { copyAtomic } from "../io/write-atomic.js";
import { parseModelSpec } from "./model-spec.js";
import { train } from "./train.js";

/** Trains a spec (a kind, a kind with options, a blend) or copies a model file, with a known --until. */
export async function trainSpec(specText: string, data: string, out: string, until: number): Promise<void> {
  const spec = parseModelSpec(specText, "export.model");
  if ("file" in spec) {
    copyAtomic(spec.file, out); // beside, flushed, renamed: never a half-copied model
    return;
  }
  await train({ kind: specText, data, out, until });
}
