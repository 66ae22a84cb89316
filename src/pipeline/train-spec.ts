import { copyAtomic } from "../io/write-atomic.js";
import { parseModelSpec } from "./model-spec.js";
import { train } from "./train.js";
import { UsageError } from "../errors.js";
import { hasState } from "../io/covis-state-files.js";
import { parseStateSize } from "../models/covis/state/state-options.js";

/**
 * Trains a spec (a kind, a kind with options, a blend) or copies a model file, with a known --until. With a state
 * folder (a covis spec only): --state, and --incremental once the folder holds a state.
 */
export async function trainSpec(
  specText: string,
  data: string,
  out: string,
  until: number,
  state?: { dir: string; k?: string },
): Promise<void> {
  const spec = parseModelSpec(specText, "export.model");
  if ("file" in spec) {
    if (state) throw new UsageError("export.state trains a covis spec, not a model file", "remove export.state");
    copyAtomic(spec.file, out); // beside, flushed, renamed: never a half-copied model
    return;
  }
  if (!state) return void (await train({ kind: specText, data, out, until }));
  const options = {
    state: state.dir,
    "state-k": parseStateSize(state.k ?? "5k", "export.stateK"),
    incremental: hasState(state.dir),
  };
  await train({ kind: specText, data, out, until, options, explicit: ["state"] });
}
