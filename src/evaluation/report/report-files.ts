import type { EvalReport } from "../eval-report.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-markdown.js";

/**
 * The evaluation report's files: report.md, report.html and report.json (the raw figures). Wall times are left out so
 * that the same input and seed give byte-identical files.
 */
export function evalReportFiles(report: EvalReport): Record<string, string> {
  const r = withoutTimings(report);
  return {
    "report.md": renderMarkdown(r),
    "report.html": renderHtml(r),
    "report.json": JSON.stringify(r, null, 2) + "\n",
  };
}

function withoutTimings(r: EvalReport): EvalReport {
  const { seconds: _s, ...rest } = r;
  return { ...rest, models: r.models.map(({ trainSeconds: _t, recommendSeconds: _r, run: _run, ...m }) => m) };
}
