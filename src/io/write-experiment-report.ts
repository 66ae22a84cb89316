import { join } from "node:path";
import type { ExperimentReadReport } from "../experiment/experiment-report.js";
import { experimentHtml, experimentMarkdown } from "../experiment/render-report.js";
import { writeAtomic } from "./write-atomic.js";

/** report.md, report.html and report.json into `dir` (created if missing); same input, same bytes. */
export function writeExperimentReport(dir: string, r: ExperimentReadReport): Record<string, string> {
  const files = { markdown: join(dir, "report.md"), html: join(dir, "report.html"), json: join(dir, "report.json") };
  writeAtomic(files.markdown, experimentMarkdown(r));
  writeAtomic(files.html, experimentHtml(r));
  writeAtomic(files.json, JSON.stringify(r, null, 2) + "\n");
  return files;
}
