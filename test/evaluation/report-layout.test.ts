import { describe, expect, it } from "vitest";
import type { EvalReport, ModelResult } from "../../src/evaluation/eval-report.js";
import { renderHtml } from "../../src/evaluation/report/render-html.js";
import { renderMarkdown } from "../../src/evaluation/report/render-markdown.js";
import { svgsWithClass, wellFormednessProblems } from "./html-check.js";

/** The evaluation report's glossary, metrics shown once when identical, and tables that fit a 1300 px window. */
const KS = [5, 10, 20];
const METRICS = ["HR", "Recall", "Precision", "MRR", "NDCG", "MAP"];
/** Per metric: the metric whose figures it takes (session-next: Recall = HR, MAP = MRR). */
const SAME_AS: Record<string, string> = { Recall: "HR", MAP: "MRR" };

function model(name: string, spec: string, level: number, baseline: boolean, identical: boolean): ModelResult {
  const values: ModelResult["values"] = {};
  const intervals: ModelResult["intervals"] = {};
  const vsBaseline: NonNullable<ModelResult["vsBaseline"]> = {};
  const figure = (metric: string) => METRICS.indexOf(identical ? (SAME_AS[metric] ?? metric) : metric);
  for (const metric of METRICS)
    KS.forEach((k, j) => {
      const key = `${metric}@${k}`;
      const value = level * (1 - figure(metric) * 0.1) * (1 + j * 0.25);
      values[key] = value;
      intervals[key] = [value - 0.01, value + 0.01];
      const diff = value - 0.1 * (1 - figure(metric) * 0.1) * (1 + j * 0.25);
      vsBaseline[key] = { diff, low: diff - 0.02, high: diff + 0.02, significant: diff > 0.03 };
    });
  const bucket = (scale: number) =>
    Object.fromEntries(METRICS.map((metric) => [`${metric}@20`, level * scale * (1 - figure(metric) * 0.1)]));
  return {
    name,
    spec,
    values,
    intervals,
    ...(baseline ? {} : { vsBaseline }),
    lists: { coverage: level, popularityPercentile: 50, reminderShare: level / 2 },
    breakdowns: [
      {
        name: "history length",
        buckets: [
          { label: "1", cases: 1500, values: bucket(0.8) },
          { label: "2-4", cases: 2021, values: bucket(1.2) },
        ],
      },
    ],
  };
}

function report(protocol: string, identical: boolean, models = 3, nameLength = 12): EvalReport {
  const name = (i: number) => `m${i}-${"x".repeat(nameLength)}`.slice(0, Math.max(4, nameLength));
  return {
    protocol,
    data: "datasets/shop",
    cut: "2024-03-01T00:00:00.000Z",
    seed: 42,
    ks: KS,
    metrics: METRICS,
    cases: 4321,
    groups: 1234,
    bootstrap: { resamples: 1000, level: 0.95 },
    caseStats: { cases: 4321 },
    models: Array.from({ length: models }, (_, i) =>
      model(
        i === 0 ? "popular" : name(i),
        i === 2 ? `covis[normalise=cosine]:0.3+history:0.2+${"item2vec[dim=64]:0.1+".repeat(8)}popular:0.1` : "covis",
        0.1 + i * 0.05,
        i === 0,
        identical,
      ),
    ),
  };
}

const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

/** Each <table> of the page as rows of cells {text, wraps}. */
function tables(html: string): { text: string; wraps: boolean }[][][] {
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map((t) =>
    [...t[1].matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...row[1].matchAll(/<t[hd]([^>]*)>([\s\S]*?)<\/t[hd]>/g)].map((c) => ({
        text: decode(c[2]),
        wraps: /class="[^"]*\bwrap\b/.test(c[1]),
      })),
    ),
  );
}

/**
 * A naive width of a rendered table: per column, its longest cell at 8 px a character (14 px text is 7-7.9 px) plus
 * 20 px of padding; a wrapping cell counts at most 480 px (its CSS max-width).
 */
function naiveWidth(rows: { text: string; wraps: boolean }[][]): number {
  const columns = Math.max(...rows.map((r) => r.length));
  let total = 0;
  for (let c = 0; c < columns; c++)
    total +=
      Math.max(...rows.map((r) => (r[c] ? Math.min([...r[c].text].length * 8, r[c].wraps ? 480 : Infinity) : 0))) + 20;
  return total;
}

describe("metrics identical under the protocol", () => {
  const identical = report("session-next", true);

  it("renderHtml(session-next report with HR = Recall and MRR = MAP) draws one chart for each pair", () => {
    const html = renderHtml(identical);
    expect(svgsWithClass(html, "metric-chart").map((c) => c["data-metric"])).toEqual([
      "HR = Recall",
      "Precision",
      "MRR = MAP",
      "NDCG",
    ]);
    expect(html.match(/identical under this protocol/g)).toHaveLength(1);
    expect(wellFormednessProblems(html)).toEqual([]);
  });

  it("renderMarkdown(session-next report) shows each pair in one column and says why once", () => {
    const md = renderMarkdown(identical);
    expect(md.match(/identical under this protocol/g)).toHaveLength(1);
    expect(md).toContain("HR = Recall and MRR = MAP: identical under this protocol (one target per case), shown once.");
    const header = md.split("\n").find((l) => l.startsWith("| Model") && l.includes("@20"))!;
    expect(header).toContain("HR@20 = Recall@20");
    expect(header).toContain("MRR@20 = MAP@20");
    expect(header).not.toMatch(/\| Recall@20 /);
    // breakdown rows: one per group, not per metric
    expect(md.match(/\| HR@20 = Recall@20 /g)).toHaveLength(2);
  });

  it("renderMarkdown(report) keeps every metric apart when their figures differ, whatever the protocol", () => {
    const md = renderMarkdown(report("session-next", false));
    expect(md).not.toContain("identical");
    expect(md).toMatch(/\| Recall@20 /);
  });

  it("renderMarkdown(external report with equal figures) merges them as identical on these cases, not by the protocol", () => {
    const md = renderMarkdown(report("external", true));
    expect(md).toContain("HR = Recall and MRR = MAP: identical for every model on these cases");
    expect(md).not.toContain("under this protocol");
  });

  it("renderMarkdown(report) does not merge two metrics when one model's interval differs", () => {
    const r = report("session-next", true);
    r.models[1].intervals["Recall@10"] = [0, 1];
    const md = renderMarkdown(r);
    expect(md).toContain("MRR = MAP: identical under this protocol");
    expect(md).not.toContain("HR = Recall");
  });
});

describe("the glossary", () => {
  it("renderMarkdown(report) ends with a glossary defining every metric and list figure", () => {
    const md = renderMarkdown(report("session-next", false));
    const glossary = md.slice(md.indexOf("## Glossary"));
    expect(md.indexOf("## Glossary")).toBeGreaterThan(md.indexOf("## Lists"));
    for (const term of [...METRICS.map((m) => `${m}@k`), "Interval", "Δ", "Coverage", "Popularity percentile"])
      expect(glossary).toMatch(new RegExp(`^\\| ${term.replace(/[@]/g, "@")} +\\| \\S`, "m"));
    expect(glossary).toContain("1 / the rank of the first target found in the top k");
  });

  it("renderHtml(report) has the glossary as a table, with its long text wrapping", () => {
    const html = renderHtml(report("session-next", false));
    const glossary = tables(html).find((t) => t[0][0].text === "Term")!;
    expect(glossary.map((row) => row[0].text)).toContain("NDCG@k");
    expect(glossary.slice(1).every((row) => row[1].wraps)).toBe(true);
  });
});

describe("tables that fit 1300 px", () => {
  const cases: [string, EvalReport][] = [
    ["3 models, 6 metrics, a long blend spec", report("session-next", false)],
    ["12 models with 40-character names", report("session-next", false, 12, 40)],
    ["session-next with identical pairs", report("session-next", true, 5, 30)],
  ];
  for (const [label, r] of cases)
    it(`renderHtml(${label}) splits or wraps every table to at most 1300 px, repeating the model column`, () => {
      const html = renderHtml(r);
      const all = tables(html);
      for (const t of all) expect(naiveWidth(t)).toBeLessThanOrEqual(1300);
      // nothing is lost: every metric@20 header appears, and every part of a metrics table lists every model
      const headers = all.flatMap((t) => t[0].map((c) => c.text));
      for (const metric of METRICS) expect(headers.some((h) => h.includes(`${metric}@20`))).toBe(true);
      for (const t of all.filter((t) => t[0][0].text === "Model" && t[0][1]?.text.includes("@")))
        expect(t.slice(1).map((row) => row[0].text.replace(" (baseline)", ""))).toEqual(r.models.map((m) => m.name));
      expect(wellFormednessProblems(html)).toEqual([]);
    });
});
