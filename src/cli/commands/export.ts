import type { Command } from "commander";
import type { ExportReport } from "../../pipeline/export.js";
import { UsageError } from "../../errors.js";
import { parseTime } from "../parse-time-option.js";
import { fixed, int, table } from "../format.js";
import type { CommandContext } from "../command-context.js";
import { kValue, SHARED, sharedValues } from "../shared-options.js";

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command("export")
    .description("write the compact serving artifact of a trained model (quantised scores, fewer neighbours or items)")
    .requiredOption("--model <file>", "model file written by cartlift train (or an artifact)")
    .requiredOption("-o, --out <file>", "artifact to write")
    .addOption(SHARED.k("neighbours kept per item (default: all)"))
    .option("--quantize <bits>", "neighbour scores: 16, 8 (bits, with a scale per item) or none", "16")
    .option("--items-seen-since <time>", "keep only items with an event at or after this time (ISO 8601 or epoch ms)")
    .option("--metrics <report.json>", "an evaluate report whose figures for this model go into the manifest")
    .option("--metrics-model <name>", "the model's name in that report (default: its only model)")
    .addOption(SHARED.json("the export report"))
    .addOption(SHARED.quiet())
    .action(async (o) => {
      const quantize = o.quantize === "16" ? 16 : o.quantize === "8" ? 8 : o.quantize === "none" ? "none" : null;
      if (quantize === null) throw new UsageError(`--quantize is 16, 8 or none, got "${o.quantize}"`);
      const { exportModelCommitted } = await import("../../pipeline/export.js");
      const report = await exportModelCommitted({
        model: o.model,
        out: o.out,
        k: kValue(o),
        quantize,
        itemsSeenSince: o.itemsSeenSince === undefined ? undefined : parseTime(o.itemsSeenSince, "--items-seen-since"),
        metrics: o.metrics,
        metricsModel: o.metricsModel,
      });
      ctx.print(sharedValues(o).json ? JSON.stringify(report, null, 2) : formatExport(report));
    });
}

function formatExport(r: ExportReport): string {
  return [
    `Exported ${r.out}: ${int(r.bytes)} bytes (from ${int(r.sourceBytes)}), ${int(r.items)} of ${int(r.sourceItems)} items, ${int(r.neighbours)} neighbour entries${r.bytesPerNeighbour ? `, ${fixed(r.bytesPerNeighbour, 2)} bytes per neighbour` : ""}, scores ${r.quantize === "none" ? "at full precision" : `in ${r.quantize} bits`}`,
    table(
      r.sections.map((s) => [s.name, s.bytes]),
      ["section", "bytes"],
    ),
  ].join("\n");
}
