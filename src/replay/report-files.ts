import { replayMarkdown } from "./replay-markdown.js";
import type { ReplayReport } from "./replay-report.js";

/** report.md and report.json of a replay; wall times left out, so the same input and seed give the same bytes. */
export function replayReportFiles(report: ReplayReport): Record<string, string> {
  const { seconds: _s, ...rest } = report;
  const stable = { ...rest, policies: report.policies.map(({ trainSeconds: _t, ...p }) => p) };
  return {
    "report.md": replayMarkdown(stable as ReplayReport),
    "report.json": JSON.stringify(stable, null, 2) + "\n",
  };
}
