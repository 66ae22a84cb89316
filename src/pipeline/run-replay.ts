import { join, relative } from "node:path";
import { parseDuration } from "../data/duration.js";
import type { PipelineConfig } from "../run/pipeline-config.js";
import { writePriceDropReport } from "./write-price-drop-report.js";
import { MOMENT_KINDS, type MomentName } from "../moments/registry.js";
import { RESPONSE_DEFAULTS } from "../replay/response-defaults.js";
import { replayMoment } from "./replay-moment.js";
import { datasetSourceFile, simulate } from "./simulate.js";
import { writeMomentReport, writeReplayReport } from "./write-reports.js";

/** What run.json records of the replay step: the first moment's figures, and with several, each moment's. */
export interface RunReplayRecord {
  dir: string;
  data: string;
  moments: number;
  users: number;
  /** With replay.moments: each moment's folder and counts. */
  byMoment?: Record<string, { dir: string; moments: number; users: number }>;
}

/** The folder of a moment's report in the run: replay/ for empty-cart (as before), replay-<moment>/ for the others. */
export function replayFolder(moment: string): string {
  return moment === "empty-cart" ? "replay" : `replay-${moment}`;
}

/**
 * The replay step of `cartlift run`: on the run's data, or on a small simulated shop, each moment of replay.moments
 * (default empty-cart) replayed with the step's policies, TTL and windows, its report in its own folder.
 */
export async function runReplay(
  r: NonNullable<PipelineConfig["replay"]>,
  o: {
    dir: string;
    data: string;
    seed: number;
    resamples: number;
    step: <T>(name: string, label: string, f: () => Promise<T> | T) => Promise<T>;
    fromReport: (p: string) => string;
  },
): Promise<RunReplayRecord> {
  const replayData = r.simulate ? join(o.dir, "replay-shop") : o.data;
  if (r.simulate)
    await o.step("simulate", `simulating a shop of ${r.simulate.users} users for the replay`, () =>
      simulate({
        out: replayData,
        sourceName: relative(replayData, datasetSourceFile(replayData)),
        config: { users: r.simulate!.users, seed: r.simulate!.seed },
      }),
    );
  const moments = (r.moments ?? ["empty-cart"]) as MomentName[];
  const counts: Record<string, { dir: string; moments: number; users: number }> = {};
  for (const moment of moments) {
    const defaults = RESPONSE_DEFAULTS[moment];
    const report = await o.step(
      moment === "empty-cart" ? "replay" : `replay-${moment}`,
      `replaying the ${moment} moments`,
      () =>
        replayMoment(moment, {
          data: replayData,
          dataLabel: o.fromReport(replayData),
          policies: r.policies,
          k: 6,
          ttlMs: parseDuration(r.ttl ?? MOMENT_KINDS[moment].defaultTtl, "replay.ttl"),
          windows: r.windows.map((w) =>
            w === "session"
              ? { kind: "session" as const, label: w }
              : { kind: "duration" as const, ms: parseDuration(w, "replay.windows"), label: w },
          ),
          maxHistory: 50,
          assumptions: { ...defaults },
          seed: o.seed,
          resamples: o.resamples,
          level: 0.95,
        }),
    );
    const folder = join(o.dir, replayFolder(moment));
    if ("moment" in report && report.moment === "price-drop")
      writePriceDropReport(folder, report, `the run's ${replayFolder(moment)}/`);
    else if ("moment" in report) writeMomentReport(folder, report, `the run's ${replayFolder(moment)}/`);
    else writeReplayReport(folder, report, "the run's replay/");
    counts[moment] = { dir: replayFolder(moment), moments: report.moments.moments, users: report.moments.users };
  }
  const first = counts[moments[0]];
  return {
    dir: join(o.dir, first.dir),
    data: r.simulate ? `simulated shop (${r.simulate.users} users, seed ${r.simulate.seed})` : o.data,
    moments: first.moments,
    users: first.users,
    ...(r.moments ? { byMoment: counts } : {}),
  };
}
