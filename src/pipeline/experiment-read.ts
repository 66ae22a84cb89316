import { readDataset } from "../io/read-dataset.js";
import { readExperiment } from "./experiment-file.js";
import { readAssignments } from "../io/read-assignments.js";
import { readExposedUsers } from "../io/read-exposed-users.js";
import { checkExperimentReportOut, writeExperimentReport } from "../io/write-experiment-report.js";
import { experimentHtml, experimentMarkdown } from "../experiment/render-report.js";
import { assignArm } from "../experiment/assign-arm.js";
import { analyseExperiment } from "../experiment/analyse-experiment.js";
import { checkBreakdown, SEGMENT_BREAKDOWN } from "../experiment/breakdowns.js";
import { segmentDimensions, segmentLabels } from "./segment-labels.js";
import type { ExperimentReadReport } from "../experiment/experiment-report.js";
import { userOutcomes } from "../experiment/user-outcomes.js";
import { firstMoments } from "../moments/first-moments.js";

export { reportSections } from "../experiment/report-sections.js";
export type { ExperimentReadReport } from "../experiment/experiment-report.js";

export interface ExperimentReadOptions {
  data: string;
  experiment: string;
  assignments?: string;
  exposures?: string;
  by?: string[];
  /** A folder for report.md, report.html and report.json. */
  report?: string;
  /** Carts clear after this long without activity (the empty-cart moment). */
  ttlMs?: number;
}

/** `cartlift experiment read`: the triggered analysis of an experiment on a dataset. */
export function experimentRead(o: ExperimentReadOptions): ExperimentReadReport & { files: Record<string, string> } {
  if (o.report) checkExperimentReportOut(o.report); // before the work: a refused folder costs nothing
  const e = readExperiment(o.experiment);
  const by = o.by ?? [];
  by.forEach(checkBreakdown);
  const { table: t } = readDataset(o.data);
  const first = firstMoments(t, e.moment, e.start, e.end, o.ttlMs ?? 24 * 3_600_000);
  let dataEnd = -Infinity;
  for (let i = 0; i < t.length; i++) if (t.ts[i] > dataEnd) dataEnd = t.ts[i];
  const outcomes = userOutcomes(t, first, e.start, e.end, e.start - (e.end - e.start));
  const file = o.assignments ? readAssignments(o.assignments, e.arms) : null;
  const armOf = Int8Array.from(outcomes.users, (u) => {
    const id = t.dicts.user.get(u);
    const arm = file ? file.get(id) : assignArm(id, e);
    return arm === undefined ? -1 : e.arms.indexOf(arm);
  });
  let exposed: number | null = null;
  if (o.exposures) {
    const seen = readExposedUsers(o.exposures, e.start, e.end);
    exposed = 0;
    for (const u of outcomes.users) if (seen.has(t.dicts.user.get(u))) exposed++;
  }
  const report = analyseExperiment({
    experiment: e,
    outcomes,
    armOf,
    exposed,
    dataEnd: Number.isFinite(dataEnd) ? dataEnd : e.start,
    assignment: file ? "file" : "hash",
    by,
    // each user's segments at its first moment, from the events before the day boundary (from the start) at or
    // before it: before any treatment, so a valid pre-treatment split
    segments: by.includes(SEGMENT_BREAKDOWN)
      ? segmentDimensions(segmentLabels(t, outcomes.users, outcomes.first, e.start))
      : undefined,
  });
  const files = o.report
    ? writeExperimentReport(o.report, {
        markdown: experimentMarkdown(report),
        html: experimentHtml(report),
        report,
      })
    : {};
  return { ...report, files };
}
