import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ReplayReport } from "../pipeline/replay.js";
import { replayMarkdown } from "./replay-markdown.js";

/** report.md and report.json into `dir`; wall times left out, so the same input and seed give the same bytes. */
export function writeReplayReport(dir: string, report: ReplayReport): void {
  const { seconds: _s, ...rest } = report;
  const stable = { ...rest, policies: report.policies.map(({ trainSeconds: _t, ...p }) => p) };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "report.md"), replayMarkdown(stable as ReplayReport));
  writeFileSync(join(dir, "report.json"), JSON.stringify(stable, null, 2) + "\n");
}
