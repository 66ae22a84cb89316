import { checkOwnedOut } from "./output-folder.js";
import { writeReportFiles } from "./write-report-files.js";

/**
 * report.md, report.html and report.json into `dir` (created if missing), each beside its name and renamed, the
 * folder's marker (report.json) last; same input, same bytes. A folder of anyone else's files is refused.
 */
export function writeExperimentReport(
  dir: string,
  rendered: { markdown: string; html: string; report: object },
): Record<string, string> {
  checkExperimentReportOut(dir);
  const paths = writeReportFiles(dir, {
    "report.md": rendered.markdown,
    "report.html": rendered.html,
    "report.json": JSON.stringify(rendered.report, null, 2) + "\n",
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
