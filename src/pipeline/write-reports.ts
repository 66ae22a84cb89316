import type { EvalReport } from "../evaluation/eval-report.js";
import { evalReportFiles } from "../evaluation/report/report-files.js";
import { checkOwnedOut } from "../io/output-folder.js";
import { writeReportFiles } from "../io/write-report-files.js";
import { replayReportFiles } from "../replay/report-files.js";
import type { ReplayReport } from "../replay/replay-report.js";
import { momentReportFiles, type MomentReport } from "../replay/moment-report-files.js";

/** Writes report.md, report.html and report.json of an evaluation into `dir`; returns the md and html paths. */
export function writeReport(dir: string, report: EvalReport): { markdown: string; html: string } {
  checkReportOut(dir);
  const paths = writeReportFiles(dir, evalReportFiles(report));
  return { markdown: paths["report.md"], html: paths["report.html"] };
}

/** Writes report.md and report.json of a replay into `dir`. */
export function writeReplayReport(dir: string, report: ReplayReport, flag = "--report"): void {
  checkReplayReportOut(dir, flag);
  writeReportFiles(dir, replayReportFiles(report));
}

/** Writes report.md, report.html and report.json of an add-to-cart or abandoned-cart replay into `dir`. */
export function writeMomentReport(dir: string, report: MomentReport, flag = "--report"): void {
  checkReplayReportOut(dir, flag);
  writeReportFiles(dir, momentReportFiles(report));
}

/** An evaluate report's folder is new, empty, or an earlier evaluate report's: never a user's files. */
export function checkReportOut(dir: string, flag = "--report"): void {
  checkOwnedOut(
    dir,
    flag,
    ["report.md", "report.html", "report.json"],
    "report.json",
    (j) => typeof j.protocol === "string" && Array.isArray(j.models),
  );
}

/** A replay report's folder is new, empty, or an earlier replay report's: never a user's files. */
export function checkReplayReportOut(dir: string, flag = "--report"): void {
  checkOwnedOut(
    dir,
    flag,
    ["report.md", "report.html", "report.json"],
    "report.json",
    (j) => typeof j.moments === "object" && Array.isArray(j.policies),
  );
}
