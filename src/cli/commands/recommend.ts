import type { Command } from "commander";
import { parseWhole } from "../options.js";
import { UsageError } from "../../errors.js";
import { parseTime } from "../parse-time-option.js";
import { createProgress } from "../progress.js";
import { int } from "../format.js";
import { formatBatch, formatForUser, formatSimilar } from "../recommend-format.js";
import type { CommandContext } from "../command-context.js";
import { kValue, SHARED, sharedValues } from "../shared-options.js";

export function registerRecommend(program: Command, ctx: CommandContext): void {
  program
    .command("recommend")
    .description("recommendations from a model file or artifact: similar items, one user's list, or a batch of queries")
    .requiredOption("--model <file>", "model file (cartlift train) or artifact (cartlift export)")
    .option("--item <id>", "items similar to this one")
    .option("--data <dataset>", "with --user: the dataset holding the user's history")
    .option("--user <id>", "with --data: what this user would see now")
    .option("--now <time>", "with --user: the request time (history before it; default: after all of it)")
    .option("--queries <file>", 'JSON lines {"id", "history": [{"item", "event", "ts"}]}: one output line each')
    .option("-o, --out <file>", "with --queries: recommendations as JSON lines {id, items, scores}")
    .addOption(SHARED.k("items per list", 20))
    .option("--exclude-history", "never recommend an item of the history")
    .option("--max-history <n>", "with --user: the most recent events used", "50")
    .addOption(SHARED.threads("--queries: worker threads for large files; the same output"))
    .addOption(SHARED.json("the result (or the batch summary)"))
    .addOption(SHARED.quiet())
    .action(async (o) => {
      const k = kValue(o)!;
      const { recommendBatch, recommendSimilar } = await import("../../pipeline/recommend.js");
      const modes = [
        o.item !== undefined,
        o.user !== undefined || o.data !== undefined,
        o.queries !== undefined,
      ].filter(Boolean).length;
      if (modes !== 1) throw new UsageError("give exactly one of --item, --data with --user, or --queries with --out");
      if (o.item !== undefined) {
        const r = recommendSimilar(o.model, o.item, k);
        ctx.print(o.json ? JSON.stringify(r, null, 2) : formatSimilar(r, o.item, o.model));
        return;
      }
      if (o.queries !== undefined) {
        if (!o.out) throw new UsageError("--queries needs --out <file>");
        const progress = await createProgress(sharedValues(o));
        const r = await recommendBatch(o.model, o.queries, o.out, {
          k,
          excludeHistory: Boolean(o.excludeHistory),
          threads: sharedValues(o).threads,
          onProgress: (n) => progress.phase(`recommend: ${int(n)} queries`),
        }).finally(() => progress.stop());
        ctx.print(o.json ? JSON.stringify(r, null, 2) : formatBatch(r));
        return;
      }
      if (!o.data || !o.user) throw new UsageError("--user and --data go together");
      const { recommendForUser } = await import("../../pipeline/recommend-user.js");
      const r = recommendForUser(o.model, o.data, o.user, {
        k,
        now: o.now === undefined ? undefined : parseTime(o.now, "--now"),
        maxHistory: parseWhole(o.maxHistory, "--max-history"),
        excludeHistory: Boolean(o.excludeHistory),
      });
      ctx.print(o.json ? JSON.stringify(r, null, 2) : formatForUser(r, o.user));
    });
}
