import { replayMarkdown } from "./replay-markdown.js";
import { hitRateChart } from "./report-charts.js";
import { reportHtml } from "./report-html.js";
import type { ReplayReport } from "./replay-report.js";

/**
 * report.md, report.html and report.json of an empty-cart replay; wall times left out, so the same input and seed give
 * the same bytes.
 */
export function replayReportFiles(report: ReplayReport): Record<string, string> {
  const { seconds: _s, ...rest } = report;
  const stable = { ...rest, policies: report.policies.map(({ trainSeconds: _t, ...p }) => p) };
  const markdown = replayMarkdown(stable as ReplayReport);
  return {
    "report.md": markdown,
    "report.html": reportHtml(
      `empty-cart replay: ${report.data}`,
      markdown,
      hitRateChart(report.policies, "Shown item carted or bought (95% interval)"),
    ),
    "report.json": JSON.stringify(stable, null, 2) + "\n",
  };
}
