import type { EvalReport } from "../eval-report.js";
import { element, emptyElement, escapeXml } from "./markup.js";
import { formatCount, formatLevel, formatMetric } from "./report-format.js";
import {
  bucketValue,
  inlineText,
  largestK,
  metricKey,
  reportDocument,
  type Cell,
  type Inline,
  type MergedBreakdown,
  type ReportDocument,
  type Section,
  type Table,
} from "./report-sections.js";
import { groupedBarChart, lineChart, type LineSeries } from "./svg-charts.js";
import { fitTable, WRAP_PX } from "./fit-table.js";
import { groupLabel, metricGroups, type MetricGroup } from "./identical-metrics.js";

/** No `<` or `&` in here: the page must stay well-formed XML. */
const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; max-width: 1200px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .5rem; }
h2 { font-size: 1.15rem; margin-top: 2.2rem; padding-bottom: .2rem; border-bottom: 1px solid #ddd; }
ul.facts { list-style: none; padding: 0; margin: 0; }
ul.facts li { margin: .1rem 0; }
ul.facts .label { display: inline-block; min-width: 6.5rem; font-weight: 600; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .6rem 0; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; vertical-align: top; }
th { border-bottom: 2px solid #ccc; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.wrap { white-space: normal; overflow-wrap: anywhere; max-width: ${WRAP_PX}px; min-width: 12rem; }
td.sig { background: #fff1b8; font-weight: 600; }
tr.block-start td { border-top: 1px solid #bbb; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
p.note { color: #555; font-size: .9em; margin: .2rem 0; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
svg { max-width: 100%; height: auto; }
`;

/** report.html: one offline page (inline CSS and SVG, no scripts), byte-identical for the same report. */
export function renderHtml(r: EvalReport): string {
  const doc = reportDocument(r);
  const body = [
    element("h1", {}, inline(doc.title)),
    factList(doc.facts),
    ...doc.sections.flatMap((s) => sectionWithCharts(r, s)),
  ];
  const head = [
    emptyElement("meta", { charset: "utf-8" }),
    emptyElement("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
    element("title", {}, escapeXml(inlineText(doc.title))),
    element("style", {}, STYLE),
  ];
  return (
    [
      "<!DOCTYPE html>",
      '<html lang="en">',
      element("head", {}, head.join("\n")),
      element("body", {}, body.join("\n")),
      "</html>",
    ].join("\n") + "\n"
  );
}

/** Metric charts follow the models table; a breakdown's chart sits above its table. */
function sectionWithCharts(r: EvalReport, s: Section): string[] {
  if (s.kind === "models") return [section(s), metricChartsSection(r)];
  if (s.kind === "breakdown" && s.breakdown) return [section(s, breakdownChart(r, s.breakdown))];
  return [section(s)];
}

function section(s: Section, chart = ""): string {
  const notes = s.notes.map((n) => element("p", { class: "note" }, inline(n)));
  return element(
    "section",
    {},
    [element("h2", {}, inline(s.title)), chart, table(s.table), ...notes].filter((x) => x !== "").join("\n"),
  );
}

function factList(facts: ReportDocument["facts"]): string {
  const items = facts.map((f) =>
    element("li", {}, element("span", { class: "label" }, escapeXml(f.label)) + " " + inline(f.value)),
  );
  return element("ul", { class: "facts" }, items.join(""));
}

/** A table, split into parts that each fit the page when it is too wide (fit-table.ts). */
function table(t: Table): string {
  return fitTable(t)
    .map(({ table, wraps }) => tablePart(table, wraps))
    .join("\n");
}

function tablePart(t: Table, wraps: boolean[]): string {
  const header = element(
    "tr",
    {},
    t.columns.map((c, i) => element("th", t.numeric[i] ? { class: "num" } : {}, inline(c))).join(""),
  );
  const rows = t.rows.map((row, r) => {
    const startsBlock = t.blockSize !== undefined && r > 0 && r % t.blockSize === 0;
    return element(
      "tr",
      startsBlock ? { class: "block-start" } : {},
      row.map((c, i) => tableCell(c, t.numeric[i], wraps[i])).join(""),
    );
  });
  return element(
    "div",
    { class: "scroll" },
    element("table", {}, element("thead", {}, header) + element("tbody", {}, rows.join("\n"))),
  );
}

function tableCell(c: Cell, numeric: boolean, wraps: boolean): string {
  const classes = [numeric ? "num" : "", c.significant ? "sig" : "", wraps ? "wrap" : ""]
    .filter((x) => x !== "")
    .join(" ");
  const attrs = { ...(classes ? { class: classes } : {}), ...(c.detail ? { title: c.detail } : {}) };
  return element("td", attrs, inline(c.content));
}

function inline(spans: Inline): string {
  return spans.map((s) => (s.kind === "code" ? element("code", {}, escapeXml(s.text)) : escapeXml(s.text))).join("");
}

// ---- charts ----

/** One chart per metric; metrics identical under the protocol (identical-metrics.ts) share one. */
function metricChartsSection(r: EvalReport): string {
  const charts = metricGroups(r).map((group) => metricChart(r, group));
  const note = element(
    "p",
    { class: "note" },
    escapeXml(`Points: means over cases; whiskers: ${formatLevel(r.bootstrap.level)} bootstrap intervals.`),
  );
  return element(
    "section",
    {},
    [element("h2", {}, "Metrics by cut-off"), element("div", { class: "charts" }, charts.join("\n")), note].join("\n"),
  );
}

function metricChart(r: EvalReport, group: MetricGroup): string {
  const metric = group.metrics[0];
  const label = groupLabel(group);
  const series: LineSeries[] = r.models.map((model) => ({
    name: model.name,
    points: r.ks.map((k) => {
      const key = metricKey(metric, k);
      const value = model.values[key];
      if (value === undefined) return undefined;
      const [low, high] = model.intervals[key] ?? [undefined, undefined];
      const interval = low === undefined || high === undefined ? "" : ` [${formatMetric(low)}, ${formatMetric(high)}]`;
      const name = groupLabel(group, k);
      return { value, low, high, tooltip: `${model.name}, ${name}: ${formatMetric(value)}${interval}` };
    }),
  }));
  return lineChart({
    title: `${label} at k`,
    xTitle: "k (cut-off)",
    xLabels: r.ks.map(String),
    series,
    attributes: { class: "metric-chart", "data-metric": label },
  });
}

function breakdownChart(r: EvalReport, breakdown: MergedBreakdown): string {
  const k = largestK(r);
  const metric = r.metrics[0] ?? "";
  const metricName = k === undefined ? metric : metricKey(metric, k);
  return groupedBarChart({
    title: `${metricName} by ${breakdown.name}`,
    groups: breakdown.buckets.map((b) => ({ label: b.label, sublabel: `n = ${formatCount(b.cases)}` })),
    series: r.models.map((model, m) => ({
      name: model.name,
      bars: breakdown.buckets.map((b) => {
        const value = bucketValue(b.valuesByModel[m], metric, k);
        return value === undefined
          ? undefined
          : { value, tooltip: `${model.name}, ${b.label}: ${metricName} ${formatMetric(value)}` };
      }),
    })),
    attributes: { class: "breakdown-chart", "data-breakdown": breakdown.name },
  });
}
