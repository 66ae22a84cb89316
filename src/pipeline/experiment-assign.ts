import { readDataset } from "../io/read-dataset.js";
import { readExperiment } from "./experiment-file.js";
import { writeAtomic } from "../io/write-atomic.js";
import { asWriteError } from "../io/write-error.js";
import { assignArm } from "../experiment/assign-arm.js";
import { firstMoments } from "../moments/first-moments.js";

export interface ExperimentAssignOptions {
  data: string;
  experiment: string;
  out: string;
  ttlMs?: number;
}

export interface ExperimentAssignReport {
  out: string;
  users: number;
  byArm: Record<string, number>;
  /** Users who reach the moment during the experiment, per arm. */
  triggeredByArm: Record<string, number>;
}

/**
 * `cartlift experiment assign`: every user of the dataset with their arm (the same hash as cartlift/serving's
 * assignArm) and their first moment in the experiment, if any, as CSV: user,arm,first_moment.
 */
export function experimentAssign(o: ExperimentAssignOptions): ExperimentAssignReport {
  const e = readExperiment(o.experiment);
  const { table: t } = readDataset(o.data);
  const first = firstMoments(t, e.moment, e.start, e.end, o.ttlMs ?? 24 * 3_600_000);
  const byArm = Object.fromEntries(e.arms.map((a) => [a, 0]));
  const triggeredByArm = Object.fromEntries(e.arms.map((a) => [a, 0]));
  const lines = ["user,arm,first_moment"];
  const ids = t.dicts.user.ids();
  const order = ids.map((_, u) => u).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
  for (const u of order) {
    const arm = assignArm(ids[u], e);
    byArm[arm]++;
    const reached = !Number.isNaN(first[u]);
    if (reached) triggeredByArm[arm]++;
    lines.push(`${csvField(ids[u])},${csvField(arm)},${reached ? new Date(first[u]).toISOString() : ""}`);
  }
  try {
    writeAtomic(o.out, lines.join("\n") + "\n");
  } catch (e) {
    throw asWriteError(e, o.out, "the assignments");
  }
  return { out: o.out, users: ids.length, byArm, triggeredByArm };
}

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
