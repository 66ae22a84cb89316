// first: a signal during start-up already finds the handlers (they need none of the modules below)
import "./interrupt-first.js";
import { Command, CommanderError } from "commander";
import { CartliftError, diskRefusal, EXIT } from "../errors.js";
import { VERSION } from "../version.js";
import { registerIngest } from "./commands/ingest.js";
import { registerInspect } from "./commands/inspect.js";
import { registerTrain } from "./commands/train.js";
import { registerEvaluate } from "./commands/evaluate.js";
import { registerExport } from "./commands/export.js";
import { registerRecommend } from "./commands/recommend.js";
import { registerSimulate } from "./commands/simulate.js";
import { registerReplay } from "./commands/replay.js";
import { registerRun } from "./commands/run.js";
import { showMessage } from "../pipeline/vocabulary.js";
import { registerExperiment } from "./commands/experiment.js";
import { registerSegment } from "./commands/segment.js";
import type { CommandContext } from "./command-context.js";
import { registerPrices } from "./commands/prices.js";
import { registerDataset } from "./commands/dataset.js";

export type { CommandContext } from "./command-context.js";

const ctx: CommandContext = { print: (text) => process.stdout.write(text + "\n") };

export function buildProgram(): Command {
  const program = new Command("cartlift")
    .description("Offline recommender training, evaluation and empty-cart replay for e-commerce event logs")
    .version(VERSION)
    .showHelpAfterError("  hint: cartlift <command> --help lists the options")
    .exitOverride();
  registerIngest(program, ctx);
  registerInspect(program, ctx);
  registerTrain(program, ctx);
  registerEvaluate(program, ctx);
  registerExport(program, ctx);
  registerRecommend(program, ctx);
  registerSimulate(program, ctx);
  registerReplay(program, ctx);
  registerRun(program, ctx);
  registerExperiment(program, ctx);
  registerSegment(program, ctx);
  registerPrices(program, ctx);
  registerDataset(program, ctx);
  return program;
}

/** The one error handler: a message (and hint) on stderr, JSON on stdout with --json, and the exit code. */
function handleError(e: unknown, json: boolean): number {
  if (e instanceof CommanderError) {
    if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help")
      return EXIT.ok;
    return EXIT.usage; // commander already printed the message
  }
  if (e instanceof CartliftError) {
    process.stderr.write(`error: ${showMessage(e.message)}\n${e.hint ? `  hint: ${showMessage(e.hint)}\n` : ""}`);
    const reported = (e as { reported?: boolean }).reported === true;
    if (json && !reported)
      process.stdout.write(
        JSON.stringify({ error: { code: e.code, message: e.message, hint: e.hint ?? null } }) + "\n",
      );
    return e.exitCode;
  }
  const full = diskRefusal(e);
  if (full) return handleError(full, json);
  const err = e as Error;
  process.stderr.write(`internal error: ${err?.stack ?? String(e)}\n  please report this with the command you ran\n`);
  if (json)
    process.stdout.write(
      JSON.stringify({ error: { code: "internal", message: String(err?.message ?? e), hint: null } }) + "\n",
    );
  return EXIT.internal;
}

const argv = process.argv;
let code: number = EXIT.ok;
try {
  await buildProgram().parseAsync(argv);
} catch (e) {
  code = handleError(e, argv.includes("--json"));
}
// The command is over, on success or failure: end the process with its code once stdout and stderr are flushed (a
// pipe may still hold a large --json report). A worker, a timer or a port that a failure path left open must not keep
// a nightly job waiting.
process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
