import type { Command } from "commander";
import { experimentPlan } from "../../pipeline/experiment-plan.js";
import { experimentAssign } from "../../pipeline/experiment-assign.js";
import { experimentRead } from "../../pipeline/experiment-read.js";
import { UsageError } from "../../errors.js";
import { parseDuration, parseShare } from "../options.js";
import { formatPlan, formatRead } from "../experiment-format.js";
import type { CommandContext } from "../command-context.js";

export function registerExperiment(program: Command, ctx: CommandContext): void {
  const exp = program.command("experiment").description("plan, assign and read a randomised A/B test of a widget");
  exp
    .command("plan")
    .description("users per arm and weeks of traffic to detect an effect, from the shop's own history")
    .requiredOption("--data <dir>", "a cartlift dataset")
    .requiredOption(
      "--moment <moment>",
      "empty-cart, add-to-cart, abandoned-cart, price-drop or any (the moment registry's detectors)",
    )
    .option("--metric <metric>", "conversion, orders-per-user or revenue-per-user", "conversion")
    .option("--mde <share>", "the smallest relative change worth detecting (5% or 0.05)", "5%")
    .option("--alpha <p>", "false positive rate", "0.05")
    .option("--power <p>", "chance of detecting an effect of the MDE", "0.8")
    .option("--arms <names>", "comma-separated arms, control first", "control,treatment")
    .option("--split <percents>", "percent per arm, e.g. 50/50 (default: equal)")
    .option("--cart-ttl <duration>", "carts clear after this long without activity (empty-cart)", "24h")
    .option("--json", "print the plan as JSON on stdout")
    .action((o) => {
      const arms = String(o.arms)
        .split(",")
        .map((a: string) => a.trim());
      const r = experimentPlan({
        data: o.data,
        moment: o.moment,
        metric: o.metric,
        mde: parseShare(o.mde, "--mde"),
        alpha: parseShare(o.alpha, "--alpha"),
        power: parseShare(o.power, "--power"),
        arms,
        split: o.split === undefined ? undefined : parseSplit(o.split),
        ttlMs: parseDuration(o.cartTtl, "--cart-ttl"),
      });
      ctx.print(o.json ? JSON.stringify(r, null, 2) : formatPlan(r));
    });
  exp
    .command("assign")
    .description("label every user of a dataset with their arm (the hash cartlift/serving's assignArm uses)")
    .requiredOption("--data <dir>", "a cartlift dataset")
    .requiredOption("--experiment <file>", "the experiment file (exp.json)")
    .requiredOption("-o, --out <file>", "the CSV to write: user,arm,first_moment")
    .option("--cart-ttl <duration>", "carts clear after this long without activity (empty-cart)", "24h")
    .option("--json", "print the summary as JSON on stdout")
    .action((o) => {
      const r = experimentAssign({
        data: o.data,
        experiment: o.experiment,
        out: o.out,
        ttlMs: parseDuration(o.cartTtl, "--cart-ttl"),
      });
      ctx.print(
        o.json
          ? JSON.stringify(r, null, 2)
          : `${r.users} users assigned (${Object.entries(r.byArm)
              .map(([a, n]) => `${a} ${n}`)
              .join(", ")}); reached the moment during the experiment: ${Object.entries(r.triggeredByArm)
              .map(([a, n]) => `${a} ${n}`)
              .join(", ")}\n  written: ${r.out}`,
      );
    });
  exp
    .command("read")
    .description("the triggered analysis: checks, results with CUPED, always-valid inference, incremental orders")
    .requiredOption("--data <dir>", "a cartlift dataset")
    .requiredOption("--experiment <file>", "the experiment file (exp.json)")
    .option("--assignments <file>", "arms from a CSV (user,arm) instead of the experiment's hash")
    .option("--exposures <file>", "a CSV with a user column (and ts): who saw the widget")
    .option("--by <breakdown>", "break the primary metric down: user, earlier-cart, segment (repeatable)", collect, [])
    .option("--report <dir>", "write report.md, report.html and report.json there")
    .option("--cart-ttl <duration>", "carts clear after this long without activity (empty-cart)", "24h")
    .option("--json", "print the read as JSON on stdout")
    .action((o) => {
      const r = experimentRead({
        data: o.data,
        experiment: o.experiment,
        assignments: o.assignments,
        exposures: o.exposures,
        by: o.by,
        report: o.report,
        ttlMs: parseDuration(o.cartTtl, "--cart-ttl"),
      });
      ctx.print(o.json ? JSON.stringify(r, null, 2) : formatRead(r));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseSplit(text: string): number[] {
  const parts = text.split(/[/,]/).map(Number);
  if (parts.some((p) => !(p > 0))) throw new UsageError(`--split expects percentages like 50/50, got "${text}"`);
  return parts;
}
