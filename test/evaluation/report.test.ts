import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvalReport, ModelResult } from "../../src/evaluation/eval-report.js";
import { renderHtml } from "../../src/evaluation/report/render-html.js";
import { renderMarkdown } from "../../src/evaluation/report/render-markdown.js";
import { writeReport } from "../../src/pipeline/write-reports.js";
import { svgsWithClass, wellFormednessProblems } from "./html-check.js";

const KS = [5, 10, 20];
const METRICS = ["HR", "Recall", "Precision", "MRR", "NDCG", "MAP"];
const EVIL = `evil<script>&"model`;
/** covis beats the baseline everywhere except here. */
const NOT_SIGNIFICANT_FOR_COVIS = "Precision@5";

/** Hand-made figures: a model's level times a per-metric and a per-k factor, intervals ±0.01. */
function modelResult(
  name: string,
  spec: string,
  level: number,
  significance: "all-but-one" | "none" | "baseline",
): ModelResult {
  const values: ModelResult["values"] = {};
  const intervals: ModelResult["intervals"] = {};
  const vsBaseline: NonNullable<ModelResult["vsBaseline"]> = {};
  METRICS.forEach((metric, m) => {
    KS.forEach((k, j) => {
      const key = `${metric}@${k}`;
      const value = level * (1 - m * 0.1) * (1 + j * 0.25);
      values[key] = value;
      intervals[key] = [value - 0.01, value + 0.01];
      const diff = value - 0.1 * (1 - m * 0.1) * (1 + j * 0.25);
      const significant = significance === "all-but-one" && key !== NOT_SIGNIFICANT_FOR_COVIS;
      vsBaseline[key] = { diff, low: diff - 0.02, high: diff + 0.02, significant };
    });
  });
  const bucketValues = (scale: number) =>
    Object.fromEntries(METRICS.map((metric, m) => [`${metric}@20`, level * scale * (1 - m * 0.1)]));
  return {
    name,
    spec,
    trainSeconds: level * 123.456,
    recommendSeconds: level * 7.5,
    values,
    intervals,
    ...(significance === "baseline" ? {} : { vsBaseline }),
    lists: { coverage: level, popularityPercentile: 90 - level * 100, reminderShare: level / 2 },
    breakdowns: [
      {
        name: "history length",
        buckets: [
          { label: "1", cases: 1500, values: bucketValues(0.8) },
          { label: "2-4", cases: 2021, values: bucketValues(1) },
          { label: "5+", cases: 800, values: bucketValues(1.3) },
        ],
      },
      {
        name: "target event",
        buckets: [
          { label: "click", cases: 3900, values: bucketValues(0.9) },
          { label: "cart", cases: 300, values: bucketValues(1.2) },
          { label: "order", cases: 121, values: bucketValues(1.5) },
        ],
      },
    ],
  };
}

const REPORT: EvalReport = {
  protocol: "session-next",
  data: "datasets/otto <sample> & co",
  cut: "2024-03-01T00:00:00.000Z",
  seed: 42,
  ks: KS,
  metrics: METRICS,
  cases: 4321,
  groups: 1234,
  bootstrap: { resamples: 1000, level: 0.95 },
  caseStats: { testSessions: 1234, droppedUnknownTargets: 56, cases: 4321 },
  models: [
    modelResult("popular", "popular", 0.1, "baseline"),
    {
      ...modelResult("covis", "covis[normalise=cosine]", 0.2, "all-but-one"),
      otto: { clicks: 0.45, carts: 0.38, orders: 0.61, score: 0.525 },
    },
    modelResult(EVIL, `covis:0.7+history:0.3 <b>"bold"</b>`, 0.11, "none"),
  ],
  seconds: 98.7,
};

/** Markdown table rows that start with the model's name (metrics, lists, models tables). */
function rowsOf(markdown: string, name: string): string[] {
  return markdown.split("\n").filter((line) => line.startsWith(`| \`${name}\``));
}

describe("renderHtml", () => {
  const html = renderHtml(REPORT);

  it("renderHtml(report) emits well-formed markup with every tag closed in order", () => {
    expect(html.startsWith("<!DOCTYPE html>\n<html")).toBe(true);
    expect(wellFormednessProblems(html)).toEqual([]);
  });

  it("renderHtml(report) escapes model names, specs and paths instead of emitting them as markup", () => {
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html).not.toContain("<b>");
    expect(html).toContain("evil&lt;script&gt;&amp;&quot;model");
    expect(html).toContain("datasets/otto &lt;sample&gt; &amp; co");
  });

  it("renderHtml(report) draws one chart per metric, tagged with its name", () => {
    const charts = svgsWithClass(html, "metric-chart");
    expect(charts.map((c) => c["data-metric"])).toEqual(METRICS);
  });

  it("renderHtml(report) draws one bar chart per breakdown, tagged with its name", () => {
    const charts = svgsWithClass(html, "breakdown-chart");
    expect(charts.map((c) => c["data-breakdown"])).toEqual(["history length", "target event"]);
  });

  it("renderHtml(report) draws one line per model with a marker at each k", () => {
    const firstChart = html.slice(html.indexOf('class="metric-chart"'), html.indexOf("</svg>"));
    expect(firstChart.match(/<polyline /g)).toHaveLength(REPORT.models.length);
    expect(firstChart.match(/<circle /g)).toHaveLength(REPORT.models.length * KS.length);
  });

  it("renderHtml(report) loads nothing from outside the page", () => {
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/\b(src|href)="/);
    expect(html).not.toMatch(/url\(|@import/);
  });

  it("renderHtml(report) gives the same bytes on every call", () => {
    expect(renderHtml(structuredClone(REPORT))).toBe(html);
  });
});

describe("renderMarkdown", () => {
  const markdown = renderMarkdown(REPORT);

  it("renderMarkdown(report) names every model and every metric@k", () => {
    for (const model of REPORT.models) expect(markdown).toContain(model.name);
    for (const metric of METRICS) for (const k of KS) expect(markdown).toContain(`${metric}@${k}`);
  });

  it("renderMarkdown(report) marks exactly the significant differences of the significant model", () => {
    const marks = (name: string) => rowsOf(markdown, name).join("\n").match(/\d\*/g)?.length ?? 0;
    expect(marks("covis")).toBe(METRICS.length * KS.length - 1);
    expect(marks("popular")).toBe(0);
    expect(marks(EVIL)).toBe(0);
    expect(markdown).toMatch(/\* marks a significant difference/);
  });

  it("renderMarkdown(report) shows values with intervals, counts with separators", () => {
    expect(markdown).toContain("0.2000 [0.1900, 0.2100]");
    expect(markdown).toContain("4,321 cases in 1,234 groups");
    expect(markdown).toContain("1,000 resamples, 95% percentile intervals");
  });

  it("renderMarkdown(report) has the lists, OTTO, breakdown and case tables", () => {
    for (const title of [
      "## Models",
      "## Lists at k = 20",
      "## OTTO score",
      "## Breakdown: history length (k = 20)",
      "## Breakdown: target event (k = 20)",
      "## Case bookkeeping",
    ]) {
      expect(markdown).toContain(title);
    }
    expect(markdown).toMatch(/\| droppedUnknownTargets +\| +56 \|/);
    expect(markdown).toMatch(/\| 2-4 +\| +2,021 \| HR@20 /);
  });

  it("renderMarkdown(report) keeps every table row the same number of columns", () => {
    const tables = markdown
      .trimEnd()
      .split("\n\n")
      .filter((block) => block.startsWith("|"));
    for (const block of tables) {
      const widths = block.split("\n").map((row) => row.replace(/\\\|/g, "").split("|").length);
      expect(new Set(widths).size).toBe(1);
    }
  });

  it("renderMarkdown(report) gives the same text on every call", () => {
    expect(renderMarkdown(structuredClone(REPORT))).toBe(markdown);
  });
});

describe("writeReport", () => {
  const root = mkdtempSync(join(tmpdir(), "cartlift-report-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writeReport(dir, report) creates the folder and writes report.md, report.html and report.json", () => {
    const dir = join(root, "nested", "eval");
    const paths = writeReport(dir, REPORT);
    expect(paths).toEqual({ markdown: join(dir, "report.md"), html: join(dir, "report.html") });
    // the files leave wall times out: same input and seed, same bytes
    const { seconds: _s, ...rest } = REPORT;
    const stable = { ...rest, models: REPORT.models.map(({ trainSeconds: _t, recommendSeconds: _r, ...m }) => m) };
    expect(readFileSync(paths.markdown, "utf8")).toBe(renderMarkdown(stable));
    expect(readFileSync(paths.html, "utf8")).toBe(renderHtml(stable));
    expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8"))).toEqual(stable);
    expect(readFileSync(join(dir, "report.md"), "utf8")).not.toMatch(/Run time|Train \(s\)/);
  });
});

describe("the verdict line", () => {
  it("renderMarkdown(report) opens with the best model on NDCG at the largest k and whether it is significant", () => {
    const md = renderMarkdown(REPORT);
    // covis: 0.2 x 0.6 x 1.5 = 0.18 at NDCG@20, +0.09 over popular's 0.09, interval +-0.02, significant
    const verdict = md.split("\n").find((l) => l.includes("Verdict"));
    expect(verdict).toContain(
      "covis is best on NDCG@20 (0.1800), +0.0900 over the baseline popular [0.0700, 0.1100]: significant (the 95% paired interval excludes 0)",
    );
    expect(md.indexOf("Verdict")).toBeLessThan(md.indexOf("Protocol"));
    expect(renderHtml(REPORT)).toContain("covis is best on NDCG@20");
  });

  it("the verdict says 'not significant' when the best model's interval includes 0, and names a winning baseline", () => {
    const notSig = structuredClone(REPORT);
    notSig.models[1].vsBaseline!["NDCG@20"].significant = false;
    expect(renderMarkdown(notSig)).toContain("not significant (the 95% paired interval includes 0)");
    const baselineBest = { ...REPORT, models: [REPORT.models[1], REPORT.models[0]] };
    expect(renderMarkdown(baselineBest)).toContain("the baseline covis is best on NDCG@20 (0.1800): no model beats it");
  });
});
