import { CartliftError } from "../errors.js";
import { checkOwnedOut } from "../io/output-folder.js";
import { stagedFolder } from "../io/staged-folder.js";
import { copyAtomic } from "../io/write-atomic.js";
import type { PipelineIngest } from "../run/pipeline-ingest.js";
import { ingest, type IngestReport } from "./ingest.js";

/** What `cartlift run` writes into its folder; anything else there is a user's, and the run refuses the folder. */
export const RUN_ENTRIES = [
  "run.json",
  "dataset",
  "evaluation",
  "replay",
  "replay-add-to-cart",
  "replay-abandoned-cart",
  "replay-shop",
  "replay-shop-source",
  "models",
  "artifact.cartlift",
  "segments",
  "gate",
  "publish",
] as const;

/** The run folder (--out) is new, empty, or an earlier run's: only RUN_ENTRIES, and a run.json that cartlift wrote. */
export function checkRunOut(dir: string): void {
  checkOwnedOut(
    dir,
    "--out",
    RUN_ENTRIES,
    "run.json",
    (j) => typeof j.cartliftVersion === "string" && typeof j.pipeline === "object",
  );
}

/**
 * A run's one commit point: the run is built in a folder beside the run folder and swapped in whole when complete
 * (io/staged-folder.ts), a failed gate included (its run.json says so). A kill, an interrupt or a full disk before the
 * swap leaves the previous run folder untouched, publish/model.cartlift included.
 */
export const stagedRun = stagedFolder;

/**
 * Publishes the artifact into the (staging) run folder: publish/model.cartlift is written beside, flushed and renamed.
 * When the gate failed, publish/ holds no artifact: the new run folder replaces the old one whole, so an earlier run's
 * artifact cannot be deployed by mistake.
 */
export function publish(artifact: string, target: string, passed: boolean): string | null {
  if (!passed) return null;
  copyAtomic(artifact, target);
  return target;
}

/**
 * The run's ingest, with the pipeline file's options. Its errors speak of the pipeline keys, not of flags `run` does
 * not have (`--map` is `ingest.map` here).
 */
export async function ingestForRun(o: PipelineIngest, out: string): Promise<IngestReport> {
  try {
    return await ingest({
      inputs: o.inputs,
      out,
      preset: o.preset,
      map: o.map,
      events: o.events,
      tz: o.tz,
      decimalComma: o.decimalComma,
      noHeader: o.noHeader,
      dateOrder: o.dateOrder,
      sessionGapMs: o.sessionGapMs,
    });
  } catch (e) {
    if (!(e instanceof CartliftError)) throw e;
    const message = asPipelineKeys(e.message);
    const hint = e.hint === undefined ? undefined : asPipelineKeys(e.hint);
    if (message === e.message && hint === e.hint) throw e;
    throw new CartliftError(e.code, message, hint, e.exitCode);
  }
}

const FLAG_KEYS: [RegExp, string][] = [
  [/--map\b/g, "ingest.map"],
  [/--events\b/g, "ingest.events"],
  [/--preset\b/g, "ingest.preset"],
  [/--tz\b/g, "ingest.tz"],
  [/--decimal-comma\b/g, "ingest.decimalComma"],
  [/--no-header\b/g, "ingest.noHeader"],
  [/--date-order\b/g, "ingest.dateOrder"],
  [/--session-gap\b/g, "ingest.sessionGap"],
  [/--max-rejected\b/g, "ingest.maxRejected"],
  [/--out\b/g, "the run's dataset folder"],
];

/** Rewrites ingest's flag names into the pipeline file's keys. */
export function asPipelineKeys(text: string): string {
  let out = text;
  for (const [flag, key] of FLAG_KEYS) out = out.replace(flag, key);
  return out;
}
