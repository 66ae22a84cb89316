import type { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { SHARED, sharedValues } from "../shared-options.js";
import { formatPrices } from "../prices-format.js";
import { dropRuleFlags, dropRulesOf } from "../drop-rule-flags.js";

export function registerPrices(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("prices")
    .description("each item's price history rebuilt from its events (median per day), and the price drops in the data")
    .requiredOption("--data <dataset>", "dataset directory written by cartlift ingest")
    .option("--item <id>", "show this item's daily prices and drops")
    .option("-o, --out <file>", "write the daily price history (item, day, price, events): .csv or .parquet");
  dropRuleFlags(cmd);
  cmd
    .addOption(SHARED.json("the report"))
    .addOption(SHARED.quiet())
    .action(async (o) => {
      const { prices } = await import("../../pipeline/prices.js");
      const report = await prices({ data: o.data, item: o.item, out: o.out, rules: dropRulesOf(o) });
      ctx.print(sharedValues(o).json ? JSON.stringify(report, null, 2) : formatPrices(report));
    });
}
