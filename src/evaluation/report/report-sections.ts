import type { EvalReport, ModelResult } from "../eval-report.js";
import {
  formatCount,
  formatLevel,
  formatMetric,
  formatPercent,
  formatSeconds,
  formatSigned,
  formatWithInterval,
  MISSING,
  SIGNIFICANT_MARK,
} from "./report-format.js";
import { bucketValue, largestK, mergeBreakdowns, metricKey, type MergedBreakdown } from "./report-lookups.js";

export { bucketValue, largestK, metricKey, type MergedBreakdown } from "./report-lookups.js";
import { verdict } from "./verdict.js";
import { glossarySection } from "./glossary.js";
import type { Cell, Inline, Section, Span } from "./section.js";
import { groupLabel, identityNote, metricGroups, type MetricGroup } from "./identical-metrics.js";

export type { Cell, Inline, Section, SectionKind, Span, Table } from "./section.js";

export interface ReportDocument {
  title: Inline;
  facts: { label: string; value: Inline }[];
  sections: Section[];
}

const plain = (text: string): Span => ({ text, kind: "plain" });
const text = (t: string): Span => ({ text: t, kind: "text" });
const code = (t: string): Span => ({ text: t, kind: "code" });
const cell = (...content: Span[]): Cell => ({ content });

export function reportDocument(r: EvalReport): ReportDocument {
  const groups = metricGroups(r);
  const sections: Section[] = [modelsSection(r), ...r.ks.map((k) => metricsSection(r, k, groups)), listsSection(r)];
  if (r.models.some((m) => m.otto)) sections.push(ottoSection(r));
  sections.push(...mergeBreakdowns(r.models).map((b) => breakdownSection(r, b, groups)));
  if (Object.keys(r.caseStats).length > 0) sections.push(casesSection(r));
  sections.push(glossarySection(r));
  return { title: [plain("Evaluation report: "), text(r.protocol)], facts: facts(r, groups), sections };
}

function facts(r: EvalReport, groups: MetricGroup[]): ReportDocument["facts"] {
  const { resamples, level } = r.bootstrap;
  const line = verdict(r, formatLevel(level));
  const identical = identityNote(groups);
  return [
    ...(line ? [{ label: "Verdict", value: [plain(line)] }] : []),
    ...(identical ? [{ label: "Metrics", value: [text(identical)] }] : []),
    { label: "Protocol", value: [text(r.protocol)] },
    { label: "Data", value: [code(r.data)] },
    {
      label: "Cut",
      value:
        r.cut === null
          ? [plain("none (scored recommendation files)")]
          : [text(r.cut), plain(" (models see only events before it)")],
    },
    { label: "Cases", value: [plain(`${formatCount(r.cases)} cases in ${formatCount(r.groups)} groups`)] },
    {
      label: "Bootstrap",
      value: [
        plain(
          `${formatCount(resamples)} resamples, ${formatLevel(level)} percentile intervals; the cases of a group are resampled together`,
        ),
      ],
    },
    { label: "Seed", value: [plain(String(r.seed))] },
    { label: "Baseline", value: r.models.length > 0 ? [code(r.models[0].name)] : [plain("none (no models)")] },
    ...(r.seconds === undefined ? [] : [{ label: "Run time", value: [plain(`${formatSeconds(r.seconds)} s`)] }]),
  ];
}

function modelCell(model: ModelResult, index: number): Cell {
  return index === 0 ? cell(code(model.name), plain(" (baseline)")) : cell(code(model.name));
}

function modelsSection(r: EvalReport): Section {
  const timed = r.models.some((m) => m.trainSeconds !== undefined);
  return {
    kind: "models",
    title: [plain("Models")],
    table: {
      columns: timed
        ? [[plain("Model")], [plain("Spec")], [plain("Train (s)")], [plain("Recommend (s)")]]
        : [[plain("Model")], [plain("Spec")]],
      numeric: timed ? [false, false, true, true] : [false, false],
      rows: r.models.map((m, i) => [
        modelCell(m, i),
        cell(code(m.spec)),
        ...(timed
          ? [cell(plain(formatSeconds(m.trainSeconds ?? NaN))), cell(plain(formatSeconds(m.recommendSeconds ?? NaN)))]
          : []),
      ]),
    },
    notes: [],
  };
}

function metricsSection(r: EvalReport, k: number, groups: MetricGroup[]): Section {
  const withDiffs = r.models.length > 1;
  const columns: Inline[] = [[plain("Model")]];
  for (const group of groups) {
    columns.push([text(groupLabel(group, k))]);
    if (withDiffs) columns.push([plain("Δ "), text(groupLabel(group, k))]);
  }
  const rows = r.models.map((model, i) => {
    const cells = [modelCell(model, i)];
    for (const { metrics } of groups) {
      const key = metricKey(metrics[0], k);
      cells.push(cell(plain(formatWithInterval(model.values[key], model.intervals[key]))));
      if (withDiffs) cells.push(diffCell(model.vsBaseline?.[key]));
    }
    return cells;
  });
  return {
    kind: "metrics",
    title: [plain(`Metrics at k = ${k}`)],
    table: { columns, numeric: columns.map((_, c) => c > 0), rows, columnGroup: withDiffs ? 2 : 1 },
    notes: metricsNotes(r, withDiffs),
  };
}

function diffCell(diff: NonNullable<ModelResult["vsBaseline"]>[string] | undefined): Cell {
  if (!diff) return cell(plain(MISSING));
  const mark = diff.significant ? SIGNIFICANT_MARK : "";
  return {
    content: [plain(formatSigned(diff.diff) + mark)],
    significant: diff.significant,
    detail: `difference interval [${formatSigned(diff.low)}, ${formatSigned(diff.high)}]`,
  };
}

function metricsNotes(r: EvalReport, withDiffs: boolean): Inline[] {
  const level = formatLevel(r.bootstrap.level);
  const notes: Inline[] = [[plain(`Value: mean over cases, with its ${level} bootstrap interval [low, high].`)]];
  if (withDiffs) {
    notes.push([
      plain("Δ: difference to the baseline "),
      code(r.models[0].name),
      plain(` (model − baseline), paired bootstrap over the same resampled groups. `),
      plain(`${SIGNIFICANT_MARK} marks a significant difference: its ${level} interval excludes 0.`),
    ]);
  }
  return notes;
}

function listsSection(r: EvalReport): Section {
  const k = largestK(r);
  return {
    kind: "lists",
    title: [plain(k === undefined ? "Lists" : `Lists at k = ${k}`)],
    table: {
      columns: [[plain("Model")], [plain("Coverage")], [plain("Popularity percentile")], [plain("Reminder share")]],
      numeric: [false, true, true, true],
      rows: r.models.map((m, i) => [
        modelCell(m, i),
        cell(plain(formatPercent(m.lists.coverage))),
        cell(plain(Number.isFinite(m.lists.popularityPercentile) ? m.lists.popularityPercentile.toFixed(1) : "n/a")),
        cell(plain(formatPercent(m.lists.reminderShare))),
      ]),
    },
    notes: [
      [plain("Coverage: distinct recommended items / items known at training time.")],
      [plain("Popularity percentile: mean over recommended items (100 = the most popular training item).")],
      [plain("Reminder share: recommended items already in the case's history.")],
    ],
  };
}

function ottoSection(r: EvalReport): Section {
  return {
    kind: "otto",
    title: [plain("OTTO score")],
    table: {
      columns: [
        [plain("Model")],
        [plain("Clicks recall@20")],
        [plain("Carts recall@20")],
        [plain("Orders recall@20")],
        [plain("Score")],
      ],
      numeric: [false, true, true, true, true],
      rows: r.models.map((m, i) => {
        const o = m.otto;
        const figures = o ? [o.clicks, o.carts, o.orders, o.score] : [undefined, undefined, undefined, undefined];
        return [modelCell(m, i), ...figures.map((x) => cell(plain(formatMetric(x))))];
      }),
    },
    notes: [[plain("Score = 0.10 × clicks + 0.30 × carts + 0.60 × orders recall@20 (the OTTO competition metric).")]],
  };
}

function breakdownSection(r: EvalReport, breakdown: MergedBreakdown, groups: MetricGroup[]): Section {
  const k = largestK(r);
  const rows: Cell[][] = [];
  for (const bucket of breakdown.buckets) {
    groups.forEach((group, i) => {
      const metric = group.metrics[0];
      const head = i === 0 ? [cell(text(bucket.label)), cell(plain(formatCount(bucket.cases)))] : [cell(), cell()];
      const metricName = groupLabel(group, k);
      const values = bucket.valuesByModel.map((v) => cell(plain(formatMetric(bucketValue(v, metric, k)))));
      rows.push([...head, cell(text(metricName)), ...values]);
    });
  }
  return {
    kind: "breakdown",
    title: [plain("Breakdown: "), text(breakdown.name), plain(k === undefined ? "" : ` (k = ${k})`)],
    table: {
      columns: [[plain("Bucket")], [plain("Cases")], [plain("Metric")], ...r.models.map((m) => [code(m.name)])],
      numeric: [false, true, false, ...r.models.map(() => true)],
      rows,
      blockSize: Math.max(1, groups.length),
      keyColumns: 3,
    },
    notes: [[plain("Means over the cases of each bucket (no intervals: small buckets are noisy).")]],
    breakdown,
  };
}

function casesSection(r: EvalReport): Section {
  return {
    kind: "cases",
    title: [plain("Case bookkeeping")],
    table: {
      columns: [[plain("Figure")], [plain("Count")]],
      numeric: [false, true],
      rows: Object.entries(r.caseStats).map(([name, n]) => [cell(text(name)), cell(plain(formatCount(n)))]),
    },
    notes: [],
  };
}

/** The spans as one plain string (HTML <title>, SVG tooltips). */
export function inlineText(inline: Inline): string {
  return inline.map((s) => s.text).join("");
}
