import type { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { SHARED, sharedValues } from "../shared-options.js";

export function registerDataset(program: Command, ctx: CommandContext): void {
  const dataset = program.command("dataset").description("convert a dataset for other engines");
  dataset
    .command("export")
    .description("write a dataset as Parquet (ids as text and as integer codes) with its manifest")
    .requiredOption("--data <dir>", "a cartlift dataset")
    .requiredOption("-o, --out <dir>", "the folder to write (new, empty, or an earlier export)")
    .option("--format <format>", "parquet", "parquet")
    .option("--partition-by <key>", "day (Hive-style day=YYYY-MM-DD folders) or none", "none")
    .addOption(SHARED.json("the summary"))
    .addOption(SHARED.quiet())
    .action(async (o) => {
      const { datasetExport } = await import("../../pipeline/dataset-export.js");
      const r = await datasetExport({ data: o.data, out: o.out, format: o.format, partitionBy: o.partitionBy });
      if (sharedValues(o).json) ctx.print(JSON.stringify(r, null, 2));
      else if (!sharedValues(o).quiet)
        ctx.print(
          `${o.out}: ${r.rows.toLocaleString("en-US")} events in ${r.parts} Parquet part(s)` +
            `${r.partitionBy ? ` over ${r.partitions} ${r.partitionBy} partition(s)` : ""}, ` +
            `${(r.bytes / 1e6).toFixed(1)} MB, ${r.seconds.toFixed(1)} s`,
        );
    });
}
