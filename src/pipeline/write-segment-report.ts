import { join } from "node:path";
import { writeAtomic } from "../io/write-atomic.js";
import type { SegmentReport } from "../segments/segment-report.js";
import { renderSegmentHtml } from "../segments/report/render-segment-html.js";
import { renderSegmentMarkdown } from "../segments/report/render-segment-markdown.js";

/**
 * Writes report.md, report.html and report.json into `dir` (created if needed). Wall time is left out, so the same
 * input gives byte-identical files.
 */
export function writeSegmentReport(dir: string, r: SegmentReport): { markdown: string; html: string; json: string } {
  const { seconds: _s, report: _r, ...figures } = r;
  const paths = { markdown: join(dir, "report.md"), html: join(dir, "report.html"), json: join(dir, "report.json") };
  writeAtomic(paths.markdown, renderSegmentMarkdown(r));
  writeAtomic(paths.html, renderSegmentHtml(r));
  writeAtomic(paths.json, JSON.stringify(figures, null, 2) + "\n");
  return paths;
}
