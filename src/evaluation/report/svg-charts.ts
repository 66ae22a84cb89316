import { coord, element, emptyElement, escapeXml, type Attributes } from "./markup.js";
import { seriesColor } from "./palette.js";
import { niceScale, scaleY, tickLabel, type Plot, type Scale } from "./svg-scale.js";

export { PALETTE, seriesColor } from "./palette.js";
export { niceScale } from "./svg-scale.js";

const FONT_PX = 11;
/** Rough width of one character at FONT_PX: only for laying out legends and labels. */
const CHAR_PX = 6.2;
const LEGEND_ROW_PX = 18;
const MAX_LABEL_CHARS = 40;

export type { Plot } from "./svg-scale.js";

export interface LinePoint {
  value: number;
  low?: number;
  high?: number;
  tooltip: string;
}

export interface LineSeries {
  name: string;
  /** One per x label; undefined where the series has no value. */
  points: (LinePoint | undefined)[];
}

export interface LineChartSpec {
  title: string;
  xTitle: string;
  xLabels: string[];
  series: LineSeries[];
  /** Extra attributes on the <svg> element (class, data-*). */
  attributes: Attributes;
}

export interface Bar {
  value: number;
  tooltip: string;
}

export interface BarChartSpec {
  title: string;
  groups: { label: string; sublabel?: string }[];
  series: { name: string; bars: (Bar | undefined)[] }[];
  attributes: Attributes;
}

/** Lines over categorical x positions, with interval whiskers at each point and a legend below. */
export function lineChart(spec: LineChartSpec): string {
  const width = 520;
  const plot: Plot = { left: 58, top: 34, width: width - 58 - 18, height: 200 };
  const scale = niceScale(lineExtent(spec.series));
  const slot = plot.width / Math.max(1, spec.xLabels.length);
  const xAt = (i: number) => plot.left + (i + 0.5) * slot;
  const yAt = scaleY(scale, plot);
  const legendTop = plot.top + plot.height + 56;
  const legend = legendBlock(
    spec.series.map((s) => s.name),
    plot.left,
    legendTop,
    width - plot.left - 10,
  );
  const height = legendTop + legend.height + 6;
  // Nudge series apart so whiskers at the same k do not hide each other.
  const dodge = (s: number) =>
    (s - (spec.series.length - 1) / 2) * Math.min(4, slot / (2 * Math.max(1, spec.series.length)));
  const content = [
    chartTitle(spec.title, plot),
    yAxis(scale, plot, yAt),
    xAxis(
      spec.xLabels.map((label) => ({ label })),
      plot,
      xAt,
    ),
    axisTitle(spec.xTitle, plot.left + plot.width / 2, plot.top + plot.height + 34),
    ...spec.series.map((s, i) => lineSeries(s, seriesColor(i), (x) => xAt(x) + dodge(i), yAt)),
    legend.markup,
  ];
  return svgRoot(width, height, spec.title, spec.attributes, content.join(""));
}

/** Bars per series within each group, from a zero baseline; a legend below. */
export function groupedBarChart(spec: BarChartSpec): string {
  const seriesCount = Math.max(1, spec.series.length);
  const barWidth = seriesCount > 6 ? 10 : 16;
  const groupWidth = Math.max(80, seriesCount * (barWidth + 2) + 24);
  const plot: Plot = { left: 58, top: 34, width: Math.max(440, spec.groups.length * groupWidth), height: 200 };
  const width = plot.left + plot.width + 18;
  const slot = plot.width / Math.max(1, spec.groups.length);
  const xAt = (g: number) => plot.left + (g + 0.5) * slot;
  const values = spec.series.flatMap((s) => s.bars.map((b) => b?.value)).filter(isFiniteNumber);
  const scale = niceScale({ min: Math.min(0, ...values), max: Math.max(0, ...values) });
  const yAt = scaleY(scale, plot);
  const legendTop = plot.top + plot.height + 50;
  const legend = legendBlock(
    spec.series.map((s) => s.name),
    plot.left,
    legendTop,
    width - plot.left - 10,
  );
  const bars = spec.series.map((s, i) =>
    s.bars
      .map((bar, g) => {
        if (!bar || !Number.isFinite(bar.value)) return "";
        const x = xAt(g) + (i - spec.series.length / 2) * (barWidth + 2) + 1;
        const [top, bottom] = [yAt(Math.max(0, bar.value)), yAt(Math.min(0, bar.value))];
        return element(
          "rect",
          { x, y: top, width: barWidth, height: Math.max(0.5, bottom - top), fill: seriesColor(i) },
          tooltip(bar.tooltip),
        );
      })
      .join(""),
  );
  const content = [
    chartTitle(spec.title, plot),
    yAxis(scale, plot, yAt),
    ...bars,
    xAxis(spec.groups, plot, xAt, Math.floor(slot / CHAR_PX)),
    legend.markup,
  ];
  return svgRoot(width, legendTop + legend.height + 6, spec.title, spec.attributes, content.join(""));
}

function isFiniteNumber(x: number | undefined): x is number {
  return x !== undefined && Number.isFinite(x);
}

function lineExtent(series: LineSeries[]): { min: number; max: number } {
  const ys = series.flatMap((s) => s.points.flatMap((p) => (p ? [p.value, p.low, p.high] : []))).filter(isFiniteNumber);
  return { min: Math.min(...ys), max: Math.max(...ys) };
}

// ---- pieces ----

function svgRoot(width: number, height: number, title: string, extra: Attributes, content: string): string {
  const attrs: Attributes = {
    xmlns: "http://www.w3.org/2000/svg",
    width,
    height,
    viewBox: `0 0 ${Math.round(width)} ${Math.round(height)}`,
    role: "img",
    "aria-label": title,
    "font-family": "system-ui, sans-serif",
    "font-size": FONT_PX,
    ...extra,
  };
  return element("svg", attrs, element("title", {}, escapeXml(title)) + content);
}

function chartTitle(title: string, plot: Plot): string {
  return element(
    "text",
    { x: plot.left, y: 18, "font-size": FONT_PX + 2, "font-weight": "bold", fill: "#222" },
    escapeXml(title),
  );
}

function axisTitle(title: string, x: number, y: number): string {
  return element("text", { x, y, "text-anchor": "middle", fill: "#555" }, escapeXml(title));
}

function yAxis(scale: Scale, plot: Plot, yAt: (y: number) => number): string {
  const right = plot.left + plot.width;
  const ticks = scale.ticks.map((t) => {
    const y = yAt(t);
    const grid = emptyElement("line", { x1: plot.left, y1: y, x2: right, y2: y, stroke: "#e6e6e6" });
    const label = element(
      "text",
      { x: plot.left - 6, y: y + 4, "text-anchor": "end", fill: "#555" },
      tickLabel(t, scale.decimals),
    );
    return grid + label;
  });
  const axis = emptyElement("line", {
    x1: plot.left,
    y1: plot.top,
    x2: plot.left,
    y2: plot.top + plot.height,
    stroke: "#888",
  });
  return element("g", { class: "y-axis" }, ticks.join("") + axis);
}

function xAxis(
  labels: { label: string; sublabel?: string }[],
  plot: Plot,
  xAt: (i: number) => number,
  maxChars = MAX_LABEL_CHARS,
): string {
  const bottom = plot.top + plot.height;
  const axis = emptyElement("line", {
    x1: plot.left,
    y1: bottom,
    x2: plot.left + plot.width,
    y2: bottom,
    stroke: "#888",
  });
  const ticks = labels.map(({ label, sublabel }, i) => {
    const x = xAt(i);
    const tick = emptyElement("line", { x1: x, y1: bottom, x2: x, y2: bottom + 4, stroke: "#888" });
    const shown = truncate(label, maxChars);
    const text = element(
      "text",
      { x, y: bottom + 16, "text-anchor": "middle", fill: "#333" },
      escapeXml(shown) + (shown === label ? "" : tooltip(label)),
    );
    const sub =
      sublabel === undefined
        ? ""
        : element("text", { x, y: bottom + 29, "text-anchor": "middle", fill: "#777" }, escapeXml(sublabel));
    return tick + text + sub;
  });
  return element("g", { class: "x-axis" }, axis + ticks.join(""));
}

function lineSeries(series: LineSeries, color: string, xAt: (i: number) => number, yAt: (y: number) => number): string {
  const defined = series.points.map((p) => (p && Number.isFinite(p.value) ? p : undefined));
  const lines = runs(defined).map((run) =>
    emptyElement("polyline", {
      points: run.map((i) => `${coord(xAt(i))},${coord(yAt(defined[i]!.value))}`).join(" "),
      fill: "none",
      stroke: color,
      "stroke-width": 2,
    }),
  );
  const marks = defined.map((p, i) =>
    p ? whisker(p, xAt(i), yAt, color) + marker(p, xAt(i), yAt(p.value), color) : "",
  );
  return element("g", { class: "series" }, lines.join("") + marks.join(""));
}

/** Index runs of consecutive defined points: a gap breaks the line rather than bridging it. */
function runs(points: (LinePoint | undefined)[]): number[][] {
  const out: number[][] = [[]];
  points.forEach((p, i) => {
    if (p) out[out.length - 1].push(i);
    else out.push([]);
  });
  return out.filter((run) => run.length > 1);
}

function whisker(p: LinePoint, x: number, yAt: (y: number) => number, color: string): string {
  if (!isFiniteNumber(p.low) || !isFiniteNumber(p.high)) return "";
  const [y1, y2] = [yAt(p.low), yAt(p.high)];
  const d = `M${coord(x)} ${coord(y1)}V${coord(y2)}M${coord(x - 3)} ${coord(y1)}H${coord(x + 3)}M${coord(x - 3)} ${coord(y2)}H${coord(x + 3)}`;
  return emptyElement("path", { d, stroke: color, "stroke-width": 1.2, fill: "none", opacity: 0.8 });
}

function marker(p: LinePoint, x: number, y: number, color: string): string {
  return element(
    "circle",
    { cx: x, cy: y, r: 3.5, fill: color, stroke: "#fff", "stroke-width": 1 },
    tooltip(p.tooltip),
  );
}

function tooltip(text: string): string {
  return element("title", {}, escapeXml(text));
}

/** Legend items flow left to right and wrap; returns the markup and the height it takes. */
function legendBlock(names: string[], left: number, top: number, maxWidth: number): { markup: string; height: number } {
  let [x, row] = [0, 0];
  const items = names.map((name, i) => {
    const shown = truncate(name, MAX_LABEL_CHARS);
    const itemWidth = 14 + shown.length * CHAR_PX + 16;
    if (x > 0 && x + itemWidth > maxWidth) [x, row] = [0, row + 1];
    const swatch = emptyElement("rect", { x: 0, y: -9, width: 10, height: 10, fill: seriesColor(i) });
    const label = element("text", { x: 14, y: 0, fill: "#333" }, escapeXml(shown));
    const item = element(
      "g",
      { transform: `translate(${coord(left + x)} ${coord(top + row * LEGEND_ROW_PX)})` },
      tooltip(name) + swatch + label,
    );
    x += itemWidth;
    return item;
  });
  return {
    markup: element("g", { class: "legend" }, items.join("")),
    height: names.length === 0 ? 0 : (row + 1) * LEGEND_ROW_PX,
  };
}

/** Cuts by code point, so an emoji in a name is never split into a lone surrogate. */
function truncate(text: string, maxChars: number): string {
  const chars = [...text];
  const limit = Math.max(4, maxChars);
  return chars.length <= limit ? text : `${chars.slice(0, limit - 1).join("")}…`;
}
