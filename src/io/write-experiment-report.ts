import type { ExperimentReadReport } from "../experiment/experiment-report.js";
import { experimentHtml, experimentMarkdown } from "../experiment/render-report.js";
import { checkOwnedOut } from "./output-folder.js";
import { writeReportFiles } from "./write-report-files.js";

/**
 * report.md, report.html and report.json into `dir` (created if missing), each beside its name and renamed, the
 * folder's marker (report.json) last; same input, same bytes. A folder of anyone else's files is refused.
 */
export function writeExperimentReport(dir: string, r: ExperimentReadReport): Record<string, string> {
  checkExperimentReportOut(dir);
  const paths = writeReportFiles(dir, {
    "report.md": experimentMarkdown(r),
    "report.html": experimentHtml(r),
    "report.json": JSON.stringify(r, null, 2) + "\n",
  });
  return { markdown: paths["report.md"], html: paths["report.html"], json: paths["report.json"] };
}

/** An experiment report's folder is new, empty, or an earlier experiment report's: never a user's files. */
export function checkExperimentReportOut(dir: string): void {
  checkOwnedOut(
    dir,
    "--report",
    ["report.md", "report.html", "report.json"],
    "report.json",
    (j) => typeof j.decision === "object" && typeof j.experiment === "object" && typeof j.triggered === "object",
  );
}
