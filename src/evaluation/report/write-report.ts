import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { EvalReport } from "../eval-report.js";
import { renderHtml } from "./render-html.js";
import { renderMarkdown } from "./render-markdown.js";

/**
 * Writes report.md, report.html and report.json (the raw figures) into `dir`, creating it if needed.
 * Wall times are left out so that the same input and seed give byte-identical files.
 */
export function writeReport(dir: string, report: EvalReport): { markdown: string; html: string } {
  const r = withoutTimings(report);
  mkdirSync(dir, { recursive: true });
  const markdown = join(dir, "report.md");
  const html = join(dir, "report.html");
  writeFileSync(markdown, renderMarkdown(r));
  writeFileSync(html, renderHtml(r));
  writeFileSync(join(dir, "report.json"), JSON.stringify(r, null, 2) + "\n");
  return { markdown, html };
}

function withoutTimings(r: EvalReport): EvalReport {
  const { seconds: _s, ...rest } = r;
  return { ...rest, models: r.models.map(({ trainSeconds: _t, recommendSeconds: _r, run: _run, ...m }) => m) };
}
