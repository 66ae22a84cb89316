import type { Command } from "commander";
import type { DropRulesFlags } from "../pipeline/prices.js";
import { parseDuration, parseShare, parseWhole } from "./options.js";

/** The flags of the drop rules (docs/prices.md), shared by `prices` and `replay price-drop`. */
export function dropRuleFlags(cmd: Command): Command {
  return cmd
    .option("--min-drop <share>", "a drop is a price at least this share below the reference price", "0.1")
    .option("--reference-window <duration>", "the reference price is the median of the prices this long before", "14d")
    .option("--min-observations <n>", "priced events the reference needs in its window", "3");
}

export function dropRulesOf(o: Record<string, unknown>): DropRulesFlags {
  return {
    minDrop: parseShare(String(o.minDrop), "--min-drop"),
    referenceWindowMs: parseDuration(String(o.referenceWindow), "--reference-window"),
    minObservations: parseWhole(String(o.minObservations), "--min-observations"),
  };
}
