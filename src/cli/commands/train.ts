import type { Command } from "commander";
import type { TrainOptions, TrainReport } from "../../pipeline/train.js";
import { MODEL_KINDS } from "../../models/fit-model.js";
import { NORMALISATIONS, type Normalisation } from "../../models/covis/normalise.js";
import type { HistoryMode } from "../../models/covis/covis-model.js";
import type { MatrixName } from "../../models/covis/train-covis.js";
import { UsageError } from "../../errors.js";
import { TENSOR_BACKENDS, tensorBackendChoice } from "../../tensor/tensor-backend.js";
import { eventRepeats } from "../../models/embedding/item-sequences.js";
import { parseDuration, parseWhole } from "../options.js";
import { parseTime } from "../parse-time-option.js";
import { int, fixed } from "../format.js";
import { createProgress } from "../progress.js";
import type { CommandContext } from "../main.js";

export function registerTrain(program: Command, ctx: CommandContext): void {
  program
    .command("train")
    .description(`train a model on a dataset and write the model file (${MODEL_KINDS.join(", ")}, or a blend of them)`)
    .argument(
      "<model>",
      `${MODEL_KINDS.join(" | ")}, or a blend: parts joined by +, each with an optional :weight (e.g. covis:0.7+history:0.3)`,
    )
    .requiredOption("--data <dataset>", "dataset directory written by cartlift ingest")
    .requiredOption("-o, --out <file>", "model file to write")
    .option("--until <time>", "train on events strictly before this time (ISO 8601 or epoch ms)")
    .option("--weights <type=w,...>", "event-type weights, e.g. view=1,cart_add=6,purchase=3,wishlist_add=4")
    .option(
      "--half-life <duration>",
      "time decay half-life (covis: pair weights back from the data's end; popular: counts; history: item recency)",
    )
    .option("--scope <scope>", "covis: pairs within a session or a user's whole timeline", "session")
    .option("--max-gap <n>", "covis: at most this many events apart", "30")
    .option(
      "--window <duration>",
      "covis: at most this far apart in time; popular: count only this recent window",
      undefined,
    )
    .option("--no-position-decay", "covis: do not weight pairs by 1 / distance")
    .option("--normalise <name>", `covis: ${NORMALISATIONS.join(", ")}`, "raw")
    .option("--k <n>", "covis: neighbours kept per item", "50")
    .option("--min-support <w>", "covis: drop pairs whose summed weight is below this", "0")
    .option(
      "--passes <n>",
      "covis: count anchors in this many passes (bounds memory; same result); auto keeps a pass under 1 GiB",
      "auto",
    )
    .option("--last-n <n>", "covis scoring: distinct recent history items used as seeds", "3")
    .option("--history <mode>", "covis scoring: history items first, mix, or exclude", "first")
    .option(
      "--matrices <names>",
      "covis: neighbour lists to train: covisit, buy2buy, cart2buy (comma-separated)",
      "covisit",
    )
    .option("--matrix <name>", "covis scoring: the list recommend() uses (default: the first trained)")
    .option("--complement-window <duration>", "covis: time window of buy2buy and cart2buy, on user timelines", "14d")
    .option("--json", "print the train report as JSON on stdout")
    .option("--dim <n>", "item2vec: vector dimension", "64")
    .option("--context <n>", "item2vec: largest distance to a context item", "5")
    .option("--negatives <n>", "item2vec: negative samples per pair", "10")
    .option("--epochs <n>", "item2vec: passes over the sequences", "20")
    .option("--alpha <rate>", "item2vec: learning rate at the start (decays linearly to --min-alpha)", "0.025")
    .option("--min-alpha <rate>", "item2vec: learning rate at the end", "0.0001")
    .option("--sample <t>", "item2vec: frequent-item subsampling threshold (0: none)", "0.001")
    .option("--min-count <n>", "item2vec: items seen fewer times get no vector", "1")
    .option("--seed <n>", "item2vec: seed (same seed and data, same vectors)", "42")
    .option(
      "--repeat <type=n,...>",
      "item2vec: write each event of a type n times into the sequences (0 leaves the type out), e.g. cart_add=2,purchase=3",
    )
    .option(
      "--backend <name>",
      `item2vec: where TensorFlow.js runs the neighbour search: ${TENSOR_BACKENDS.join(", ")} (auto: tfjs-node if installed, else wasm)`,
      "auto",
    )
    .option(
      "--threads <n>",
      "threads for co-visitation counting and item2vec's neighbour search (default: cores, at most 4; same model for any value)",
    )
    .option("-q, --quiet", "no progress output")
    .action(async (kind: string, o) => {
      const positive = (v: string, flag: string) => parseWhole(v, flag);
      if (!NORMALISATIONS.includes(o.normalise))
        throw new UsageError(`--normalise must be one of ${NORMALISATIONS.join(", ")}`);
      if (!["first", "mix", "exclude"].includes(o.history))
        throw new UsageError(`--history must be first, mix or exclude`);
      if (o.scope !== "session" && o.scope !== "user") throw new UsageError(`--scope must be session or user`);
      const weights = parseWeights(o.weights);
      const halfLifeMs = o.halfLife ? parseDuration(o.halfLife, "--half-life") : undefined;
      const windowMs = o.window ? parseDuration(o.window, "--window") : undefined;
      const options: TrainOptions = {
        kind,
        data: o.data,
        out: o.out,
        until: o.until === undefined ? undefined : parseTime(o.until, "--until"),
        weights,
        halfLifeMs,
        windowMs,
        item2vec: {
          scope: o.scope,
          k: positive(o.k, "--k"),
          dim: positive(o.dim, "--dim"),
          window: positive(o.context, "--context"),
          negatives: positive(o.negatives, "--negatives"),
          epochs: positive(o.epochs, "--epochs"),
          alpha: rate(o.alpha, "--alpha"),
          minAlpha: rate(o.minAlpha, "--min-alpha"),
          backend: tensorBackendChoice(o.backend, "--backend"),
          ...(o.repeat
            ? {
                repeat: eventRepeats(
                  String(o.repeat)
                    .split(",")
                    .map((p) => p.split("=").map((x) => x.trim()) as [string, string]),
                  "--repeat",
                ),
              }
            : {}),
          sample: Number(o.sample),
          minCount: positive(o.minCount, "--min-count"),
          seed: Number(o.seed),
        },
        covis: {
          scope: o.scope,
          maxGap: positive(o.maxGap, "--max-gap"),
          ...(windowMs !== undefined ? { windowMs } : {}),
          ...(weights ? { weights } : {}),
          ...(halfLifeMs !== undefined ? { halfLifeMs } : {}),
          positionDecay: o.positionDecay,
          normalisation: o.normalise as Normalisation,
          k: positive(o.k, "--k"),
          minSupport: Number(o.minSupport),
          passes: o.passes === "auto" ? 0 : positive(o.passes, "--passes"),
          matrices: String(o.matrices)
            .split(",")
            .map((m) => m.trim()) as MatrixName[],
          complementWindowMs: parseDuration(o.complementWindow, "--complement-window"),
          scoring: {
            lastN: positive(o.lastN, "--last-n"),
            history: o.history as HistoryMode,
            maxHistory: 20,
            ...(o.matrix ? { matrix: o.matrix } : {}),
          },
        },
      };
      const progress = await createProgress(o);
      let report: TrainReport;
      try {
        const { train } = await import("../../pipeline/train.js");
        report = await train({
          ...options,
          threads: o.threads === undefined ? undefined : positive(o.threads, "--threads"),
          onPhase: (phase) => progress.phase(`train: ${phase}`),
          onSgnsProgress: (p) => {
            const loss = p.lastLoss === undefined ? "" : `, loss ${p.lastLoss.toFixed(4)}`;
            progress.count(p.words, p.totalWords, `epoch ${p.epoch}/${p.epochs}${loss}`);
            if (p.epochEnd) progress.log(`train: item2vec epoch ${p.epoch}/${p.epochs}${loss}`);
          },
          onNeighbourProgress: (done, total) =>
            progress.count(done, total, `neighbours of ${int(done)} / ${int(total)} items`),
        });
      } catch (e) {
        progress.stop(); // a spinner left running would keep the process alive
        throw e;
      }
      progress.succeed(`train: wrote ${report.out}`);
      ctx.print(o.json ? JSON.stringify(report, null, 2) : formatReport(report));
    });
}

/** A learning rate: a finite positive number. */
function rate(text: string, flag: string): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || v <= 0)
    throw new UsageError(`${flag} must be a positive number, got "${text}"`);
  return v;
}

function parseWeights(text: string | undefined): Record<string, number> | undefined {
  if (!text) return undefined;
  const out: Record<string, number> = {};
  for (const part of text.split(",")) {
    const [name, value] = part.split("=");
    if (!name || value === undefined || Number.isNaN(Number(value)))
      throw new UsageError(
        `--weights expects type=number pairs, got "${part}"`,
        "e.g. --weights view=1,cart_add=6,purchase=3",
      );
    out[name.trim()] = Number(value);
  }
  return out;
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
