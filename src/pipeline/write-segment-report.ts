import { checkOwnedOut } from "../io/output-folder.js";
import { writeReportFiles } from "../io/write-report-files.js";
import type { SegmentReport } from "../segments/segment-report.js";
import { renderSegmentHtml } from "../segments/report/render-segment-html.js";
import { renderSegmentMarkdown } from "../segments/report/render-segment-markdown.js";

/**
 * Writes report.md, report.html and report.json into `dir` (created if needed), each beside its name and renamed, the
 * folder's marker (report.json) last. Wall time is left out, so the same input gives byte-identical files.
 */
export function writeSegmentReport(dir: string, r: SegmentReport): { markdown: string; html: string; json: string } {
  checkSegmentReportOut(dir);
  const { seconds: _s, report: _r, ...figures } = r;
  const paths = writeReportFiles(dir, {
    "report.md": renderSegmentMarkdown(r),
    "report.html": renderSegmentHtml(r),
    "report.json": JSON.stringify(figures, null, 2) + "\n",
  });
  return { markdown: paths["report.md"], html: paths["report.html"], json: paths["report.json"] };
}

/** A segment report's folder is new, empty, or an earlier segment report's: never a user's files. */
export function checkSegmentReportOut(dir: string): void {
  checkOwnedOut(
    dir,
    "--report",
    ["report.md", "report.html", "report.json"],
    "report.json",
    (j) => typeof j.dataset === "string" && Array.isArray(j.points) && Array.isArray(j.customSegments),
  );
}
