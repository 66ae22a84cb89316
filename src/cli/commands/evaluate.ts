import type { Command } from "commander";
import { PROTOCOLS, type Protocol } from "../../pipeline/vocabulary.js";
import { UsageError } from "../../errors.js";
import { parseDuration, parseWhole } from "../options.js";
import { parseTime } from "../parse-time-option.js";
import { createProgress } from "../progress.js";
import { formatEvalReport, formatExternalScores } from "../evaluate-format.js";
import type { CommandContext } from "../command-context.js";
import { SHARED, sharedValues } from "../shared-options.js";
import { TRAINABLE_KINDS } from "../../pipeline/model-options.js";

export function registerEvaluate(program: Command, ctx: CommandContext): void {
  program
    .command("evaluate")
    .description(
      "train models on the events before a cut and score them on the cases after it, side by side (or score a recs file)",
    )
    .option("--data <dataset>", "dataset directory written by cartlift ingest")
    .option(
      "--models <spec...>",
      `models: a kind (${TRAINABLE_KINDS.join(", ")}), with options ("covis[normalise=cosine,k=20]"), a blend (covis:0.7+history:0.3) or a trained model file; the first is the baseline`,
    )
    .option(
      "--config <file>",
      'JSON file listing models to compare: {"models": ["popular", {"name": "cosine", "spec": "covis[normalise=cosine]"}]} (after any --models)',
    )
    .option("--protocol <name>", `${PROTOCOLS.join(", ")}`, "session-next")
    .option("--k <list>", "cut-offs", "5,10,20")
    .option(
      "--cut <time>",
      "train/test cut (ISO 8601 or epoch ms); default: the last --test-share of the time span is the test part",
    )
    .option("--test-share <share>", "share of the time span after the cut", "0.1")
    .addOption(SHARED.seed("the bootstrap, session-future's cut points and --max-cases sampling"))
    .option("--bootstrap <n>", "bootstrap resamples", "1000")
    .option("--level <p>", "confidence level of the intervals", "0.95")
    .option("--max-cases <n>", "score a seeded sample of at most this many cases")
    .option("--target <type>", "user-holdout: purchase or cart", "purchase")
    .option("--horizon <duration>", "user-holdout: targets within this long after the cut")
    .option("--max-history <n>", "user-holdout and the moments: history events given to a model", "50")
    .option("--ttl <duration>", "empty-cart, add-to-cart, abandoned-cart: cart lifetime", "24h")
    .option(
      "--window <duration>",
      "the moments: targets are carts and purchases this long after the moment (abandoned-cart: the return; default: in its session)",
    )
    .option("--report <dir>", "write report.md, report.html and report.json to this directory")
    .option("--by <dims>", "extra breakdowns: segment (lifecycle, intent and RFM group of the user at the case)")
    .option("--recs <file>", "score this recs file (JSON lines {id, items}) against --truth instead of training")
    .option("--truth <file>", "truth file for --recs (JSON lines {id, target} or {id, targets})")
    .addOption(SHARED.threads("training the models"))
    .addOption(SHARED.json("the report"))
    .addOption(SHARED.quiet())
    .action(async (o) => {
      const ks = String(o.k)
        .split(",")
        .map((k) => Number(k.trim()));
      if (o.recs || o.truth) {
        if (!o.recs || !o.truth) throw new UsageError("--recs and --truth go together");
        const { scoreExternal } = await import("../../pipeline/score-recs.js");
        const scores = await scoreExternal(
          o.recs,
          o.truth,
          ks.sort((a, b) => a - b),
        );
        ctx.print(o.json ? JSON.stringify(scores, null, 2) : formatExternalScores(scores));
        return;
      }
      if (!o.data) throw new UsageError("evaluate needs --data <dataset> (or --recs and --truth)");
      if (!(PROTOCOLS as readonly string[]).includes(o.protocol))
        throw new UsageError(`unknown protocol "${o.protocol}"`, `protocols: ${PROTOCOLS.join(", ")}`);
      const progress = await createProgress(sharedValues(o));
      const { evaluate } = await import("../../pipeline/evaluate.js");
      try {
        const report = await evaluate({
          data: o.data,
          models: o.models ?? (o.config ? [] : ["popular", "covis"]),
          config: o.config,
          protocol: o.protocol as Protocol,
          ks,
          cut: o.cut === undefined ? undefined : parseTime(o.cut, "--cut"),
          testShare: Number(o.testShare),
          seed: sharedValues(o).seed!,
          resamples: parseWhole(o.bootstrap, "--bootstrap", 1),
          level: level(o.level),
          maxCases: o.maxCases === undefined ? undefined : parseWhole(o.maxCases, "--max-cases", 1),
          target: o.target === "cart" ? "cart" : o.target === "purchase" ? "purchase" : badTarget(o.target),
          horizonMs: o.horizon === undefined ? Infinity : parseDuration(o.horizon, "--horizon"),
          maxHistory: parseWhole(o.maxHistory, "--max-history", 1),
          ttlMs: parseDuration(o.ttl, "--ttl"),
          windowMs: o.window === undefined ? undefined : parseDuration(o.window, "--window"),
          threads: sharedValues(o).threads,
          reportDir: o.report,
          by: byDimensions(o.by),
          onPhase: (label) => progress.phase(`evaluate: ${label}`),
          onProgress: (label, done, total) => progress.count(done, total, label),
        });
        progress.succeed(
          `evaluate: ${report.cases.toLocaleString("en-US")} cases, ${report.models.length} models${o.report ? `, report in ${o.report}` : ""}`,
        );
        ctx.print(o.json ? JSON.stringify(report, null, 2) : formatEvalReport(report));
      } catch (e) {
        progress.stop();
        throw e;
      }
    });
}

function level(text: string): number {
  const v = Number(text);
  if (!(v > 0 && v < 1))
    throw new UsageError(`--level expects a number between 0 and 1, got "${text}"`, "e.g. --level 0.95");
  return v;
}

function badTarget(text: string): never {
  throw new UsageError(`--target is purchase or cart, got "${text}"`);
}

function byDimensions(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const dims = text.split(",").map((d) => d.trim());
  for (const d of dims) if (d !== "segment") throw new UsageError(`--by: "${d}" is not a breakdown`, "--by segment");
  return dims;
}
