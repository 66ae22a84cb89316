import type { Command } from "commander";
import type { TrainReport } from "../../pipeline/train.js";
import { trainFlags, TRAINABLE_KINDS } from "../../pipeline/model-options.js";
import { addModelFlags, readModelFlags } from "../model-flags.js";
import { addShared, SHARED, sharedValues, timeFlag } from "../shared-options.js";
import { int, fixed } from "../format.js";
import { createProgress } from "../progress.js";
import type { CommandContext } from "../command-context.js";
import { UsageError } from "../../errors.js";

export function registerTrain(program: Command, ctx: CommandContext): void {
  const flags = trainFlags();
  const command = program
    .command("train")
    .description(`train a model on a dataset and write the model file (${TRAINABLE_KINDS.join(", ")}, or a blend)`)
    .argument(
      "<model>",
      `${TRAINABLE_KINDS.join(" | ")}, with options (covis[normalise=cosine,k=20]), or a blend: parts joined by +, each with an optional :weight (covis:0.7+history:0.3)`,
    )
    .option("--data <dataset>", "dataset directory written by cartlift ingest (required unless --emit-sql)")
    .option("-o, --out <file>", "model file to write (required unless --emit-sql)")
    .option("--until <time>", "train on events strictly before this time (ISO 8601 or epoch ms)")
    .option(
      "--emit-sql <file.sql>",
      "with --engine spark: write the counting as a Spark SQL script instead of training",
    )
    .option("--input <parquet-dir>", "with --emit-sql: the dataset export the script reads (as Spark sees the path)")
    .option("--output <dir>", "with --emit-sql: where the script writes the top k (as Spark sees the path)");
  addModelFlags(command, flags);
  addShared(
    command,
    SHARED.threads("counting and neighbour search; same model for any value"),
    SHARED.json("the train report"),
    SHARED.quiet(),
  );
  command.action(async (spec: string, o, self: Command) => {
    const shared = sharedValues(o);
    const { options, explicit } = readModelFlags(self, flags);
    if (o.emitSql !== undefined) {
      if (o.input === undefined || o.output === undefined)
        throw new UsageError("--emit-sql needs --input <parquet-dir> and --output <dir>");
      const { emitCovisSql } = await import("../../pipeline/emit-covis-sql.js");
      const r = emitCovisSql({
        kind: spec,
        options,
        emitSql: o.emitSql,
        input: o.input,
        output: o.output,
        until: timeFlag(o.until, "--until"),
      });
      ctx.print(
        shared.json ? JSON.stringify(r, null, 2) : `wrote the Spark SQL script ${r.file} (${int(r.bytes)} bytes)`,
      );
      return;
    }
    for (const [flag, value] of [
      ["--data", o.data],
      ["--out", o.out],
    ])
      if (value === undefined)
        throw new UsageError(`${flag} is required`, "cartlift train <model> --data <dataset> --out <file>");
    const progress = await createProgress(shared);
    let report: TrainReport;
    try {
      const { train } = await import("../../pipeline/train.js");
      report = await train({
        kind: spec,
        data: o.data,
        out: o.out,
        until: timeFlag(o.until, "--until"),
        threads: shared.threads,
        options,
        explicit,
        onPhase: (phase) => progress.phase(`train: ${phase}`),
        onCount: (done, total, label) => progress.count(done, total, label),
        onLog: (line) => progress.log(`train: ${line}`),
      });
    } catch (e) {
      progress.stop(); // a spinner left running would keep the process alive
      throw e;
    }
    progress.succeed(`train: wrote ${report.out}`);
    ctx.print(shared.json ? JSON.stringify(report, null, 2) : formatReport(report));
  });
}

function formatReport(r: TrainReport): string {
  return [
    `Trained ${r.kind} on ${int(r.trainEvents)} events: ${int(r.items)} items${r.neighbours ? `, ${int(r.neighbours)} neighbour entries` : ""}`,
    `  wrote ${r.out} (${int(r.bytes)} bytes) in ${fixed(r.seconds, 2)} s`,
    `  phases: ${Object.entries(r.phaseSeconds)
      .map(([phase, s]) => `${phase} ${fixed(s, 2)} s`)
      .join(", ")}`,
    ...(r.run.tensorBackend
      ? [
          `  neighbour search on TensorFlow.js "${r.run.tensorBackend}" (${int(Number(r.run.rescannedRows))} rows rescanned exactly)`,
        ]
      : []),
  ].join("\n");
}
