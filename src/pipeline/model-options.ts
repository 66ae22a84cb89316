import { allKinds, TRAINABLE_KINDS } from "../models/registry.js";
import type { ModelOption } from "../models/option-table.js";

export type { ModelOption } from "../models/option-table.js";
export { TRAINABLE_KINDS };

/** One option of `train`: its declaration and the kinds that take it. */
export interface TrainFlag {
  option: ModelOption;
  kinds: string[];
}

/**
 * Every model option as one `train` flag, in registry order; an option several kinds take is one flag (they share its
 * declaration: a test checks that two kinds never declare the same name differently).
 */
export function trainFlags(): TrainFlag[] {
  const flags = new Map<string, TrainFlag>();
  for (const kind of allKinds())
    for (const option of kind.options) {
      const flag = flags.get(option.name) ?? { option, kinds: [] };
      flag.kinds.push(kind.name);
      flags.set(option.name, flag);
    }
  return [...flags.values()];
}
