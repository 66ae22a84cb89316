import { element, emptyElement, escapeXml } from "../../evaluation/report/markup.js";
import { groupedBarChart, lineChart } from "../../evaluation/report/svg-charts.js";
import type { SegmentReport } from "../segment-report.js";
import {
  conversionPoint,
  count,
  day,
  lifecycleRows,
  pct,
  SEGMENT_HEADER,
  segmentRows,
  sizeRows,
} from "./segment-figures.js";

/** No `<` or `&` in here: the page stays well-formed XML. */
const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222; max-width: 1200px; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .6rem 0; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #eee; text-align: left; white-space: nowrap; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
p.note { color: #555; font-size: .9em; }
.scroll { overflow-x: auto; } svg { max-width: 100%; height: auto; }
`;

function htmlTable(header: string[], rows: (string | number)[][]): string {
  const head = element("tr", {}, header.map((h) => element("th", {}, escapeXml(h))).join(""));
  const body = rows.map((r) =>
    element(
      "tr",
      {},
      r
        .map((c, x) =>
          element("td", x > 0 && /^[^a-z]*$/i.test(String(c)) ? { class: "num" } : {}, escapeXml(String(c))),
        )
        .join(""),
    ),
  );
  return element("div", { class: "scroll" }, element("table", {}, [head, ...body].join("\n")));
}

/** report.html: one offline page (inline CSS and SVG, no scripts), byte-identical for the same report. */
export function renderSegmentHtml(r: SegmentReport): string {
  const c = conversionPoint(r);
  const labels = r.points.map((p) => day(p.at));
  const sizes = sizeRows(r);
  const stages = lifecycleRows(r);
  const body: string[] = [
    element("h1", {}, escapeXml(`Segments of ${r.dataset}`)),
    element(
      "p",
      { class: "note" },
      escapeXml(
        `${count(r.users)} users, ${count(r.events)} events from ${day(r.span.from)} to ${day(r.span.to)}; ${r.points.length} point(s) in time. ${r.basis}.`,
      ),
    ),
    element("h2", {}, "Segment sizes over time"),
    lineChart({
      title: "Users per segment",
      xTitle: "point in time",
      xLabels: labels,
      series: sizes.names.map((n, k) => ({
        name: n,
        points: sizes.rows.map((row, x) => ({
          value: row[k],
          tooltip: `${n} at ${labels[x]}: ${count(row[k])} users`,
        })),
      })),
      attributes: { class: "chart", "data-chart": "sizes" },
    }),
    element("h2", {}, "Lifecycle flow"),
    groupedBarChart({
      title: "Users per lifecycle stage",
      groups: labels.map((label) => ({ label })),
      series: stages.names.map((n, k) => ({
        name: n,
        bars: stages.rows.map((row, x) => ({ value: row[k], tooltip: `${n} at ${labels[x]}: ${count(row[k])}` })),
      })),
      attributes: { class: "chart", "data-chart": "lifecycle" },
    }),
  ];
  const t = r.transitions;
  if (t && t.pairs > 0)
    body.push(
      element(
        "p",
        { class: "note" },
        escapeXml(`Transitions ${t.lagMs / 86_400_000} days apart, over ${t.pairs} pair(s) of points:`),
      ),
      htmlTable(
        ["from \\ to", ...t.states],
        t.states.map((s, x) => [s, ...t.counts[x].map(count)]),
      ),
    );
  if (r.flows && r.points.length > 1)
    body.push(
      element("p", { class: "note" }, "Entries and exits since the previous point:"),
      htmlTable(
        ["at", ...r.flows.map((f) => f.segment)],
        r.points.slice(1).map((p, x) => [day(p.at), ...r.flows!.map((f) => `+${f.entries[x]} / -${f.exits[x]}`)]),
      ),
    );
  const members = c.segments.filter((s) => s.users > 0);
  body.push(element("h2", {}, escapeXml(`Conversion per segment at ${day(c.at)}`)));
  if (c.covered)
    body.push(
      groupedBarChart({
        title: `Bought within ${r.params.horizonMs / 86_400_000} days`,
        groups: members.map((s) => ({ label: s.segment, sublabel: s.family })),
        series: [
          {
            name: "purchase rate (95% interval in tooltip)",
            bars: members.map((s) => ({
              value: s.next!.purchaseRate,
              tooltip: `${s.segment}: ${pct(s.next!.purchaseRate)} [${pct(s.next!.purchaseRateInterval[0])}, ${pct(s.next!.purchaseRateInterval[1])}] of ${count(s.users)}`,
            })),
          },
        ],
        attributes: { class: "chart", "data-chart": "conversion" },
      }),
    );
  else body.push(element("p", { class: "note" }, "The data does not reach the end of the horizon after any point."));
  body.push(htmlTable(SEGMENT_HEADER, segmentRows(c.segments)));
  const head = [
    emptyElement("meta", { charset: "utf-8" }),
    element("title", {}, escapeXml(`Segments of ${r.dataset}`)),
    element("style", {}, STYLE),
  ];
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    element("head", {}, head.join("\n")),
    element("body", {}, body.join("\n")),
    "</html>",
    "",
  ].join("\n");
}
