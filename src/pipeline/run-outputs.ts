import { mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { commitPoint } from "../data/yield-point.js";
import { LOCK_FILE } from "../io/folder-lock.js";
import { CartliftError } from "../errors.js";
import { checkOwnedOut } from "../io/output-folder.js";
import { releaseTemp, removeTemp, tempBeside, trackTemp } from "../io/temp-files.js";
import { writeAtomic } from "../io/write-atomic.js";
import type { PipelineIngest } from "../run/pipeline-ingest.js";
import { ingest, type IngestReport } from "./ingest.js";

/** What `cartlift run` writes into its folder; anything else there is a user's, and the run refuses the folder. */
export const RUN_ENTRIES = [
  "run.json",
  "dataset",
  "evaluation",
  "replay",
  "replay-shop",
  "replay-shop-source",
  "models",
  "artifact.cartlift",
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
 * A run's one commit point. The run is built in `<dir>.tmp-<pid>` beside the run folder; when it is complete (a failed
 * gate included: its run.json says so), the folders are swapped by two renames (the old run aside, the new one in) and
 * the old one removed. A kill, an interrupt or a full disk before the swap leaves the previous run folder untouched,
 * publish/model.cartlift included, and the staging folder is removed on every failure path.
 */
export async function stagedRun<T>(dir: string, build: (stage: string) => Promise<T>): Promise<T> {
  const stage = tempBeside(dir);
  removeTemp(stage);
  trackTemp(stage);
  let result: T;
  try {
    mkdirSync(stage);
    result = await build(stage);
    await commitPoint(); // an interrupt during the run stops here, before the swap
  } catch (e) {
    removeTemp(stage);
    throw e;
  }
  const aside = `${dir}.old-${process.pid}`;
  renameSync(dir, aside);
  renameSync(stage, dir);
  releaseTemp(stage);
  // the lock travelled aside with the old folder: it stays held (in the new folder) until the caller releases it
  renameSync(join(aside, LOCK_FILE), join(dir, LOCK_FILE));
  rmSync(aside, { recursive: true, force: true });
  return result;
}

/**
 * Publishes the artifact into the (staging) run folder: publish/model.cartlift is written beside, flushed and renamed.
 * When the gate failed, publish/ holds no artifact: the new run folder replaces the old one whole, so an earlier run's
 * artifact cannot be deployed by mistake.
 */
export function publish(artifact: string, target: string, passed: boolean): string | null {
  if (!passed) return null;
  writeAtomic(target, readFileSync(artifact));
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
