import type { Command } from "commander";
import {
  CASE_STUDY,
  MOMENT_KINDS,
  MOMENT_NAMES,
  RESPONSE_DEFAULTS,
  type AttributionWindow,
} from "../../pipeline/vocabulary.js";
import { formatMomentReplay, formatReplay } from "../replay-format.js";
import { formatPriceDropReplay } from "../price-drop-format.js";
import { dropRuleFlags, dropRulesOf } from "../drop-rule-flags.js";
import { UsageError } from "../../errors.js";
import { parseDuration, parseShare, parseWhole } from "../options.js";
import { parseTime } from "../parse-time-option.js";
import { createProgress } from "../progress.js";
import type { CommandContext } from "../command-context.js";
import { SHARED, sharedValues } from "../shared-options.js";

export function registerReplay(program: Command, ctx: CommandContext): void {
  const cmd = program
    .command("replay")
    .description(
      "replay history at a shop moment (empty-cart, add-to-cart, abandoned-cart, price-drop): find its moments in a period, replay policies there, measure what users did next, and estimate the lift",
    )
    .argument("<moment>", `the moment: ${MOMENT_NAMES.join(", ")}`)
    .requiredOption("--data <dataset>", "dataset directory written by cartlift ingest")
    .option(
      "--policy <spec...>",
      "policies: model specs as in evaluate (history, covis, covis:0.5+history:0.5, a model file); the first is the baseline (default: by moment, docs/replay.md)",
    )
    .option(
      "--since <time>",
      "start of the replay period (default: the middle of the data); policies see only events before it",
    )
    .option("--k <n>", "items the widget shows", "6")
    .option("--ttl <duration>", "carts clear after this long without activity (default 24h; abandoned-cart 7d)")
    .option(
      "--ttl-from <when>",
      "last-activity (the whole cart, TTL after the last cart activity) or item-added (each item, TTL after it was added)",
      "last-activity",
    )
    .option(
      "--window <list>",
      "attribution windows: session and/or durations (default session,24h,7d; price-drop 7d,14d)",
    )
    .option("--max-history <n>", "history events before a moment given to a policy", "50")
    .option(
      "--engagement <share>",
      `assumed share of impressions with a click (default: empty-cart ${RESPONSE_DEFAULTS["empty-cart"].engagementRate}, the published case's; add-to-cart ${RESPONSE_DEFAULTS["add-to-cart"].engagementRate}; abandoned-cart ${RESPONSE_DEFAULTS["abandoned-cart"].engagementRate} per opened reminder)`,
    )
    .option("--click-to-order <share>", "assumed share of clicks that order (default: by moment, see docs/replay.md)")
    .option("--open-rate <share>", "abandoned-cart: assumed share of reminders opened", "0.4")
    .option("--delays <list>", "abandoned-cart: candidate reminder delays of the timing table", "30m,1h,4h,24h,72h")
    .addOption(SHARED.seed("the bootstrap"))
    .option("--bootstrap <n>", "bootstrap resamples", "1000")
    .addOption(SHARED.threads("training the policies"))
    .option(
      "--exposures <file>",
      "empty-cart: a logged widget's exposures (CSV: ts, user, item, propensity, click, order): adds off-policy estimates",
    )
    .option("--report <dir>", "write report.md, report.html and report.json to this directory")
    .option(
      "--by <dims>",
      "empty-cart: extra breakdowns: segment (lifecycle, intent and RFM group of the user at the moment)",
    )
    .option("--lookback <duration>", "price-drop: the audience did something with the item this long before", "60d")
    .option("--control-items <n>", "price-drop: items of the category drawn per drop for the matched comparison", "20");
  dropRuleFlags(cmd)
    .addOption(SHARED.json("the report"))
    .addOption(SHARED.quiet())
    .action(async (moment: string, o) => {
      const kind = MOMENT_KINDS[moment as keyof typeof MOMENT_KINDS];
      const defaults = RESPONSE_DEFAULTS[moment] ?? CASE_STUDY;
      const progress = await createProgress(sharedValues(o));
      const { replayMoment } = await import("../../pipeline/replay-moment.js");
      const report = await replayMoment(moment, {
        reportDir: o.report,
        data: o.data,
        policies: o.policy ?? kind?.defaultPolicies ?? [],
        since: o.since === undefined ? undefined : parseTime(o.since, "--since"),
        k: parseWhole(o.k, "--k"),
        ttlMs: parseDuration(o.ttl ?? kind?.defaultTtl ?? "24h", "--ttl"),
        ttlFrom:
          o.ttlFrom === "item-added"
            ? "item-added"
            : o.ttlFrom === "last-activity"
              ? "last-activity"
              : badTtlFrom(o.ttlFrom),
        windows: String(o.window ?? (moment === "price-drop" ? "7d,14d" : "session,24h,7d"))
          .split(",")
          .map(parseWindow),
        maxHistory: parseWhole(o.maxHistory, "--max-history"),
        assumptions: {
          engagementRate:
            o.engagement === undefined ? defaults.engagementRate : parseShare(o.engagement, "--engagement"),
          clickToOrder:
            o.clickToOrder === undefined ? defaults.clickToOrder : parseShare(o.clickToOrder, "--click-to-order"),
          ...(moment === "abandoned-cart" ? { openRate: parseShare(o.openRate, "--open-rate") } : {}),
        },
        delaysMs: String(o.delays)
          .split(",")
          .map((d) => parseDuration(d.trim(), "--delays")),
        seed: sharedValues(o).seed!,
        resamples: parseWhole(o.bootstrap, "--bootstrap"),
        level: 0.95,
        threads: sharedValues(o).threads,
        exposures: o.exposures,
        by: o.by === undefined ? undefined : parseBy(o.by),
        priceDrop: {
          ...dropRulesOf(o),
          lookbackMs: parseDuration(o.lookback, "--lookback"),
          controlItems: parseWhole(o.controlItems, "--control-items"),
        },
        onPhase: (label) => progress.phase(`replay: ${label}`),
      }).finally(() => progress.stop());
      ctx.print(
        o.json
          ? JSON.stringify(report, null, 2)
          : "moment" in report
            ? report.moment === "price-drop"
              ? formatPriceDropReplay(report)
              : formatMomentReplay(report)
            : formatReplay(report),
      );
    });
}

function badTtlFrom(text: string): never {
  throw new UsageError(`--ttl-from is last-activity or item-added, got "${text}"`);
}

function parseWindow(text: string): AttributionWindow {
  const label = text.trim();
  if (label === "session") return { kind: "session", label };
  if (!label) throw new UsageError("--window: an empty window", "e.g. --window session,24h,7d");
  return { kind: "duration", ms: parseDuration(label, "--window"), label };
}

function parseBy(text: string): string[] {
  const dims = text.split(",").map((d) => d.trim());
  for (const d of dims) if (d !== "segment") throw new UsageError(`--by: "${d}" is not a breakdown`, "--by segment");
  return dims;
}
