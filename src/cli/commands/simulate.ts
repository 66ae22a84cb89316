import type { Command } from "commander";
import { simulateTruth, TRUTH_POLICIES } from "../../pipeline/simulate-truth.js";
import { UsageError } from "../../errors.js";
import { formatSimulate, formatTruth } from "../simulate-format.js";
import { parseDuration, parseNumber, parseShare, parseWhole } from "../options.js";
import { parseTime } from "../parse-time-option.js";
import { createProgress } from "../progress.js";
import type { CommandContext } from "../command-context.js";
import { kValue, SHARED, sharedValues } from "../shared-options.js";

export function registerSimulate(program: Command, ctx: CommandContext): void {
  const sim = program
    .command("simulate")
    .description(
      "generate a synthetic shop's event log whose truth is known (items, tastes, carts, an optional empty-cart widget)",
    )
    .option(
      "-o, --out <file or dir>",
      "a .csv or .parquet file (ingests with no options), or a folder to write a cartlift dataset into",
    )
    .option("--users <n>", "users", "10000")
    .option("--items <n>", "items", "5000")
    .option("--days <n>", "days", "14")
    .option("--start <time>", "first day (ISO 8601)", "2024-01-01T00:00:00Z")
    .addOption(SHARED.seed("the simulated shop"))
    .option("--cart-ttl <duration>", "carts clear after this long without activity", "24h")
    .option("--format <format>", "csv or parquet (default: from the --out extension; csv for a dataset)")
    .option(
      "--widget <policy>",
      "show an empty-cart widget at every empty-cart moment under this logging policy: random or epsilon-greedy",
    )
    .option("--epsilon <p>", "with --widget epsilon-greedy: the share of random slates", "0.2")
    .option("--slate <k>", "with --widget: items shown", "6")
    .option("--candidates <n>", "with --widget: candidates the logging policy draws from (expired items first)", "30")
    .option("--history-candidates <n>", "with --widget: the user's recent items added to the candidates", "0")
    .option(
      "--click-bias <x>",
      "with --widget: click logit at average taste (sets engagement; default -6.7); with --experiment: the widget's click logit at average affinity (default -6; price-drop alerts -3.5, abandoned-cart reminders -2.5)",
    )
    .option("--click-slope <x>", "with --widget: click logit per unit of taste", "1.5")
    .option("--reminder <x>", "with --widget: click logit boost of an item that expired at the moment", "0")
    .option("--novelty <x>", "with --widget: click logit boost of an item not in the user's recent history", "0")
    .option(
      "--experiment <file>",
      "run this experiment (exp.json): a widget for its treatment arms, with a known true effect",
    )
    .option("--order-rate <p>", "with --experiment: the chance a widget click becomes an order", "0.27")
    .option(
      "--drop-effect <p>",
      "a known effect of price drops: the chance that a user with the dropped item wishlisted or carted buys it because of the drop (default: none; writes <events>.price-drop-truth.json)",
    )
    .option(
      "--drop-timing <when>",
      "with --drop-effect: random, or falling-demand (drops after demand fades)",
      "random",
    )
    .addOption(SHARED.json("the report"))
    .addOption(SHARED.quiet())
    .action(async (o) => {
      if (!o.out) throw new UsageError("simulate needs --out <file.csv or dir>");
      if (o.format !== undefined && o.format !== "csv" && o.format !== "parquet")
        throw new UsageError(`--format is csv or parquet, got "${o.format}"`);
      if (o.widget !== undefined && o.widget !== "random" && o.widget !== "epsilon-greedy")
        throw new UsageError(`--widget is random or epsilon-greedy, got "${o.widget}"`);
      const progress = await createProgress(sharedValues(o));
      const { simulate } = await import("../../pipeline/simulate.js");
      const report = await simulate({
        out: o.out,
        format: o.format,
        config: {
          users: parseWhole(o.users, "--users"),
          items: parseWhole(o.items, "--items"),
          days: parseWhole(o.days, "--days"),
          seed: sharedValues(o).seed!,
          start: parseTime(o.start, "--start"),
          cartTtlMs: parseDuration(o.cartTtl, "--cart-ttl"),
          ...(o.dropEffect === undefined
            ? {}
            : {
                priceDropEffect: parseShare(o.dropEffect, "--drop-effect"),
                priceDropTiming: dropTiming(o.dropTiming),
              }),
        },
        widget:
          o.widget === undefined
            ? undefined
            : {
                policy: o.widget,
                epsilon: parseShare(o.epsilon, "--epsilon"),
                k: parseWhole(o.slate, "--slate"),
                candidates: parseWhole(o.candidates, "--candidates"),
                historyCandidates: parseWhole(o.historyCandidates, "--history-candidates", 0),
                // unset: the simulator's defaults (WIDGET_DEFAULTS, EXPERIMENT_WIDGET)
                ...(o.clickBias === undefined ? {} : { clickBias: parseNumber(o.clickBias, "--click-bias") }),
                clickSlope: parseNumber(o.clickSlope, "--click-slope"),
                reminder: parseNumber(o.reminder, "--reminder"),
                novelty: parseNumber(o.novelty, "--novelty"),
              },
        experiment:
          o.experiment === undefined
            ? undefined
            : {
                file: o.experiment,
                widget: {
                  ...(o.clickBias === undefined ? {} : { clickBias: parseNumber(o.clickBias, "--click-bias") }),
                  orderRate: parseShare(o.orderRate, "--order-rate"),
                },
              },
        onProgress: (done, total) => progress.count(done, total, "users"),
      }).finally(() => progress.stop());
      ctx.print(o.json ? JSON.stringify(report, null, 2) : formatSimulate(report));
    });
  sim
    .command("truth")
    .description("the true expected clicks and orders of a widget policy at a simulation's empty-cart moments")
    .requiredOption("--world <file>", "the simulation's <events>.world.json")
    .requiredOption("--policy <policy>", `${TRUTH_POLICIES.join(", ")}, or a model file (cartlift train / export)`)
    .addOption(SHARED.k("items shown (default: the simulation's slate)"))
    .option("-o, --out <file>", "also write each moment's expected clicks and orders (JSON lines {id, clicks, orders})")
    .addOption(SHARED.json("the result"))
    .action(async (_o, cmd: Command) => {
      // --json and --out are also options of `simulate` itself: read them from both levels
      const o = cmd.optsWithGlobals();
      const r = await simulateTruth({
        world: o.world,
        policy: o.policy,
        k: kValue(o),
        out: o.out,
      });
      ctx.print(o.json ? JSON.stringify(r, null, 2) : formatTruth(r));
    });
}

function dropTiming(text: string): "random" | "falling-demand" {
  if (text === "random" || text === "falling-demand") return text;
  throw new UsageError(`--drop-timing is random or falling-demand, got "${text}"`);
}
