import type { Command } from "commander";
import { parseBytes, parseFieldMap, PRESETS } from "../../pipeline/vocabulary.js";
import { EXIT } from "../../errors.js";
import { tooManyRejected } from "../../pipeline/rejected-rows.js";
import { formatIngest } from "../ingest-format.js";
import { createProgress } from "../progress.js";
import { parseDateOrder, parseDuration, parseEventMap, parseShare } from "../options.js";
import { int, mb } from "../format.js";
import type { CommandContext } from "../command-context.js";
import { SHARED, sharedValues } from "../shared-options.js";

export function registerIngest(program: Command, ctx: CommandContext): void {
  program
    .command("ingest")
    .description("read CSV/TSV, Parquet or JSON Lines event logs into a validated, dictionary-encoded dataset")
    .argument("<files...>", "input files or globs (.csv .tsv .gz .parquet .jsonl)")
    .requiredOption("-o, --out <dir>", "dataset directory to write")
    .option("--preset <name>", `input layout: ${PRESETS.map((p) => p.name).join(", ")}`)
    .option(
      "--map <field=column,...>",
      "map canonical fields (ts,user,session,event,item,price,quantity,category,order) to columns",
    )
    .option("--events <canonical=raw,...>", "map raw event names, e.g. view=pv,cart_add=cart")
    .option(
      "--session-gap <duration>",
      "inactivity gap that starts a new session when there is no session column",
      "30m",
    )
    .option("--tz <zone>", "time zone of zone-less timestamps: UTC, +01:00 or Europe/London", undefined)
    .option("--delimiter <char>", "CSV delimiter (sniffed when absent); \\t for tab")
    .option("--date-order <order>", "order of slash dates such as 01/02/2020: dmy or mdy")
    .option("--decimal-comma", "prices and quantities use a decimal comma (35,79)")
    .option("--no-header", "CSV files have no header row (columns are then named 1, 2, ...)")
    .option("--append", "add the files to an existing dataset, dropping exact duplicate events")
    .option("--strict", "stop at the first bad row instead of quarantining it")
    .option(
      "--memory-limit <size>",
      "past this many bytes of events (e.g. 4GB), sort them into runs on disk and merge: same dataset, bounded memory",
    )
    .option("--temp-dir <dir>", "where --memory-limit's sorted runs go (default: the --out folder); removed after")
    .option("--max-rejected <share>", "share of rejected rows still accepted with exit 0 (e.g. 0.01 or 1%)", "0")
    .addOption(
      SHARED.threads("parsing large plain CSV files and GA4 Parquet exports; the output is the same for any value"),
    )
    .addOption(SHARED.json("the ingest report"))
    .addOption(SHARED.quiet())
    .action(async (files: string[], o) => {
      const progress = await createProgress(sharedValues(o));
      const maxRejected = parseShare(o.maxRejected, "--max-rejected");
      progress.phase(`ingest: reading ${files.length} input(s)`);
      const started = performance.now();
      const { ingest } = await import("../../pipeline/ingest.js");
      const report = await ingest({
        inputs: files,
        out: o.out,
        preset: o.preset,
        map: parseFieldMap(o.map),
        events: parseEventMap(o.events),
        sessionGapMs: parseDuration(o.sessionGap, "--session-gap"),
        tz: o.tz,
        delimiter: o.delimiter === "\\t" ? "\t" : o.delimiter,
        noHeader: o.header === false,
        append: o.append,
        strict: o.strict,
        dateOrder: parseDateOrder(o.dateOrder),
        decimalComma: o.decimalComma,
        threads: sharedValues(o).threads,
        memoryLimit: o.memoryLimit === undefined ? undefined : parseBytes(o.memoryLimit, "--memory-limit"),
        tempDir: o.tempDir,
        onPhase: (p) => p !== "read" && p !== "open" && progress.phase(`ingest: ${p}`),
        onProgress: (p) => {
          const rate = p.rows / Math.max((performance.now() - started) / 1000, 1e-3);
          progress.count(
            p.bytes,
            p.totalBytes,
            `${mb(p.bytes)} of ${mb(p.totalBytes)}, ${int(p.rows)} rows, ${int(rate)} rows/s, file ${p.fileIndex + 1}/${p.files}`,
          );
        },
      }).then(
        (r) => (progress.succeed(`ingest: wrote ${r.out}`), r),
        (e) => {
          progress.stop();
          throw e;
        },
      );
      const error = tooManyRejected(report, maxRejected);
      const exitCode = error ? error.exitCode : EXIT.ok;
      ctx.print(
        o.json
          ? JSON.stringify(
              { ...report, exitCode, error: error && { code: error.code, message: error.message, hint: error.hint } },
              null,
              2,
            )
          : formatIngest(report),
      );
      // the report above already carries the error for --json readers: print it once, on stderr
      if (error) throw Object.assign(error, { reported: true });
    });
}
