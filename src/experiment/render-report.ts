import { escapeXml } from "../evaluation/report/markup.js";
import { lineChart, type LinePoint } from "../evaluation/report/svg-charts.js";
import type { ExperimentReadReport } from "./experiment-report.js";
import { reportSections } from "./report-sections.js";

/** The read as Markdown: the decision first, then the checks, the results and the daily series. */
export function experimentMarkdown(r: ExperimentReadReport): string {
  const lines = [`# Experiment ${r.experiment.name}`, ""];
  for (const s of reportSections(r)) {
    lines.push(`## ${s.title}`, "");
    for (const para of s.paragraphs) lines.push(para, "");
    if (s.table) {
      const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
      lines.push(row(s.table.head), row(s.table.head.map(() => "---")), ...s.table.rows.map(row), "");
    }
  }
  return lines.join("\n");
}

/** The read as one self-contained HTML page with an inline SVG chart per treatment arm. */
export function experimentHtml(r: ExperimentReadReport): string {
  const body: string[] = [`<h1>Experiment ${escapeXml(r.experiment.name)}</h1>`];
  for (const s of reportSections(r)) {
    body.push(`<h2>${escapeXml(s.title)}</h2>`, ...s.paragraphs.map((para) => `<p>${escapeXml(para)}</p>`));
    if (s.table)
      body.push(
        `<table><thead><tr>${s.table.head.map((h) => `<th>${escapeXml(h)}</th>`).join("")}</tr></thead><tbody>${s.table.rows
          .map((row) => `<tr>${row.map((c) => `<td>${escapeXml(c)}</td>`).join("")}</tr>`)
          .join("")}</tbody></table>`,
      );
    if (s.title === "Decision") body.push(...charts(r));
  }
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" /><title>Experiment ${escapeXml(r.experiment.name)}</title><style>body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}</style></head><body>\n${body.join("\n")}\n</body></html>\n`;
}

function charts(r: ExperimentReadReport): string[] {
  return Object.entries(r.series).map(([arm, s]) => {
    const finite = (x: number) => (Number.isFinite(x) ? x : undefined);
    const point = (v: number, lo: number, hi: number, label: string): LinePoint => ({
      value: v,
      low: finite(lo),
      high: finite(hi),
      tooltip: `${label}: ${v.toPrecision(3)} [${lo.toPrecision(3)}, ${hi.toPrecision(3)}]`,
    });
    return lineChart({
      title: `${arm} - ${r.experiment.control}: cumulative ${r.experiment.metric} difference`,
      xTitle: "day",
      xLabels: s.map((d) => d.day.slice(5)),
      series: [
        {
          name: "difference, 95% interval (fixed horizon)",
          points: s.map((d) => point(d.difference, d.interval[0], d.interval[1], d.day)),
        },
        {
          name: "always-valid confidence sequence",
          points: s.map((d) => point(d.difference, d.alwaysValidInterval[0], d.alwaysValidInterval[1], d.day)),
        },
      ],
      attributes: { class: "experiment-series", "data-arm": arm },
    });
  });
}
