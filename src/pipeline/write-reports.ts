import type { EvalReport } from "../evaluation/eval-report.js";
import { evalReportFiles } from "../evaluation/report/report-files.js";
import { writeReportFiles } from "../io/write-report-files.js";
import { replayReportFiles } from "../replay/report-files.js";
import type { ReplayReport } from "../replay/replay-report.js";

/** Writes report.md, report.html and report.json of an evaluation into `dir`; returns the md and html paths. */
export function writeReport(dir: string, report: EvalReport): { markdown: string; html: string } {
  const paths = writeReportFiles(dir, evalReportFiles(report));
  return { markdown: paths["report.md"], html: paths["report.html"] };
}

/** Writes report.md and report.json of a replay into `dir`. */
export function writeReplayReport(dir: string, report: ReplayReport): void {
  writeReportFiles(dir, replayReportFiles(report));
}
