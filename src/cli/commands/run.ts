import type { Command } from "commander";
import { join } from "node:path";
import type { RunRecord } from "../../pipeline/run.js";
import { createProgress } from "../progress.js";
import { fixed, int } from "../format.js";
import type { CommandContext } from "../command-context.js";
import { SHARED, sharedValues } from "../shared-options.js";

export function registerRun(program: Command, ctx: CommandContext): void {
  program
    .command("run")
    .description(
      "the nightly job from one pipeline file: ingest, evaluate, replay, train, export, and publish unless the champion is better (exit 3)",
    )
    .argument("<pipeline.json>", "the pipeline file (docs/ci.md)")
    .option("--set <key=value...>", "override pipeline keys (dotted, JSON values), e.g. --set evaluate.testShare=0.2")
    .option(
      "--gate <champion>",
      "the artifact serving now: publish only if the new model is at least as good on the newest data",
    )
    .option("-o, --out <run-dir>", "run directory (default: runs/<name>)")
    .addOption(SHARED.json("run.json"))
    .addOption(SHARED.quiet())
    .action(async (pipeline: string, o) => {
      const progress = await createProgress(sharedValues(o));
      const { run } = await import("../../pipeline/run.js");
      const record = await run({
        pipeline,
        set: o.set,
        gate: o.gate,
        out: o.out,
        onPhase: (label) => progress.phase(`run: ${label}`),
      }).finally(() => progress.stop());
      ctx.print(
        sharedValues(o).json ? JSON.stringify(record, null, 2) : formatRun(record, o.out ?? `runs/${record.name}`),
      );
    });
}

function formatRun(r: RunRecord, dir: string): string {
  const e = r.evaluation;
  const at = (p: string) => join(dir, p);
  return [
    `Run ${r.name}: ${int(r.dataset.events)} events (${r.dataset.path}${r.dataset.rejected ? `, ${int(r.dataset.rejected)} rows rejected` : ""})`,
    `  evaluation (${e.protocol}, cut ${e.cut}) ${e.primary}: ${Object.entries(e.values)
      .map(([m, v]) => `${m} ${fixed(v, 4)}`)
      .join(", ")}; report ${at(e.dir)}/report.html`,
    ...(r.replay
      ? [
          `  replay on ${r.replay.data}: ${int(r.replay.moments)} empty-cart moments of ${int(r.replay.users)} users; report ${at(r.replay.dir)}/report.md`,
        ]
      : []),
    `  artifact ${at(r.artifact.path)}: ${int(r.artifact.bytes)} bytes, ${int(r.artifact.neighbours)} neighbour entries, trained up to ${r.artifact.trainedUntil}`,
    ...(r.gate ? [`  gate vs ${r.gate.champion}: ${r.gate.passed ? "passed" : "FAILED"} (${r.gate.reason})`] : []),
    r.published ? `  published ${at(r.published)}` : "  nothing published",
    `  run record: ${at("run.json")}`,
  ].join("\n");
}
