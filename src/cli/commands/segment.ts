import type { Command } from "commander";
import type { SegmentParams } from "../../pipeline/vocabulary.js";
import { parseDuration, parseWhole } from "../options.js";
import { parseTime } from "../parse-time-option.js";
import { createProgress } from "../progress.js";
import { formatSegmentReport } from "../segment-format.js";
import type { CommandContext } from "../command-context.js";
import { UsageError } from "../../errors.js";

/** Threshold flags: flag, SegmentParams key, how to parse (docs/segments.md lists each). */
const PARAM_FLAGS: [string, keyof SegmentParams, "duration" | "whole" | "number", string][] = [
  ["--cart-window <duration>", "cartWindowMs", "duration", "cart-abandoner: last cart session ended within (7d)"],
  ["--wishlist-window <duration>", "wishlistWindowMs", "duration", "wishlister-not-carter: window (30d)"],
  ["--category-views <n>", "categoryViews", "whole", "category-browser: views in one category (5)"],
  ["--category-window <duration>", "categoryWindowMs", "duration", "category-browser: window (7d)"],
  ["--price-watch-days <n>", "priceWatchDays", "whole", "price-watcher: distinct days viewing one item (3)"],
  ["--price-watch-window <duration>", "priceWatchWindowMs", "duration", "price-watcher: window (14d)"],
  ["--loyal-orders <n>", "loyalOrders", "whole", "lapsing-loyal: orders at least (3)"],
  ["--lapse-factor <x>", "lapseFactor", "number", "lapsing-loyal: no order for more than x median gaps (2)"],
  ["--dormant-after <duration>", "dormantMs", "duration", "dormant: no event for more than (90d)"],
  ["--horizon <duration>", "horizonMs", "duration", "purchases and revenue counted this long after each point (7d)"],
];

const camel = (flag: string) =>
  flag.slice(2, flag.indexOf(" ")).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function registerSegment(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("segment")
    .description("behaviour segments (lifecycle, intent, RFM, custom rules) at a point in time or along a timeline")
    .requiredOption("--data <dataset>", "dataset directory written by cartlift ingest")
    .option("--at <time>", "point in time: segments rest on the events strictly before it (default: end of the data)")
    .option("--every <duration>", "a timeline: a point every this long (e.g. 1d), from --from to --to")
    .option("--from <time>", "with --every: first point (default: 27 steps before --to)")
    .option("--to <time>", "with --every: last point (default: end of the data)")
    .option("--rules <file>", "custom segments and thresholds in a JSON rules file (docs/segments.md)")
    .option("-o, --out <file>", "one row per user and point: .csv, .jsonl or .parquet")
    .option("--report <dir>", "write report.md, report.html and report.json to this directory");
  for (const [flag, , , help] of PARAM_FLAGS) cmd.option(flag, help);
  cmd
    .option("--json", "print the report as JSON on stdout")
    .option("-q, --quiet", "no progress output")
    .action(async (o) => {
      const params: Partial<SegmentParams> = {};
      for (const [flag, key, kind] of PARAM_FLAGS) {
        const v = o[camel(flag)];
        if (v === undefined) continue;
        const name = flag.slice(0, flag.indexOf(" "));
        if (kind === "duration") params[key] = parseDuration(v, name);
        else if (kind === "whole") params[key] = parseWhole(v, name);
        else if (!(Number(v) > 0)) throw new UsageError(`${name} expects a number > 0, got "${v}"`);
        else params[key] = Number(v);
      }
      const progress = await createProgress(o);
      const { segment } = await import("../../pipeline/segment.js");
      const report = await segment({
        data: o.data,
        at: o.at === undefined ? undefined : parseTime(o.at, "--at"),
        everyMs: o.every === undefined ? undefined : parseDuration(o.every, "--every"),
        from: o.from === undefined ? undefined : parseTime(o.from, "--from"),
        to: o.to === undefined ? undefined : parseTime(o.to, "--to"),
        rules: o.rules,
        out: o.out,
        report: o.report,
        params,
        onProgress: (done, total) => progress.count(done, total, "points"),
      }).finally(() => progress.stop());
      ctx.print(o.json ? JSON.stringify(report, null, 2) : formatSegmentReport(report));
    });
}
