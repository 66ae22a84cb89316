import type { Command } from "commander";
import type { CommandContext } from "../command-context.js";
import { SHARED, sharedValues } from "../shared-options.js";
import { formatInspect } from "../inspect-format.js";
import { parseDuration } from "../options.js";
import { UsageError } from "../../errors.js";

export function registerInspect(program: Command, ctx: CommandContext): void {
  program
    .command("inspect")
    .description("profile a dataset: events, users, sessions, funnel, cart abandonment, empty-cart audience")
    .argument("<dataset>", "dataset directory written by cartlift ingest")
    .option("--top <n>", "how many top items to list", "10")
    .option("--cart-ttl <duration>", "cart lifetime for the empty-cart audience", "24h")
    .addOption(SHARED.json("the profile"))
    .addOption(SHARED.quiet())
    .action(async (dir: string, o) => {
      const top = Number(o.top);
      if (!Number.isInteger(top) || top < 0) throw new UsageError(`--top must be a whole number, got "${o.top}"`);
      const { inspectDataset } = await import("../../pipeline/inspect.js");
      const profile = inspectDataset(dir, { top, cartTtlMs: parseDuration(o.cartTtl, "--cart-ttl") });
      ctx.print(sharedValues(o).json ? JSON.stringify(profile, null, 2) : formatInspect(profile));
    });
}
