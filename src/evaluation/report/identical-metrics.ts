import type { EvalReport, ModelResult } from "../eval-report.js";
import { metricKey } from "./report-lookups.js";

/**
 * Metrics that are the same number under the report's protocol are shown once. With one target per case
 * (`session-next`) HR@k = Recall@k and MRR@k = MAP@k for every model, k and case (docs/metrics.md); other pairs can
 * still coincide on a given set of cases (for instance on external recommendation files with one target each).
 */
export interface MetricGroup {
  /** The metrics shown together, in report order; the first one's figures are shown. */
  metrics: string[];
  /** Why they are one: the protocol's definition, or equal figures for every model on these cases. */
  reason: "protocol" | "values" | null;
}

/** The pairs each protocol makes identical by definition. */
const BY_PROTOCOL: Record<string, [string, string][]> = {
  "session-next": [
    ["HR", "Recall"],
    ["MRR", "MAP"],
  ],
};

/**
 * The report's metrics in groups of identical ones. Two metrics are grouped when, for every model and every k, their
 * means, intervals, differences to the baseline and breakdown values are equal: exactly, as they are when the per-case
 * values are. The reason is "protocol" when the protocol defines them equal, else "values". A protocol identity the
 * figures contradict is not applied.
 */
export function metricGroups(r: EvalReport): MetricGroup[] {
  const groups: MetricGroup[] = [];
  const placed = new Set<string>();
  for (const [i, metric] of r.metrics.entries()) {
    if (placed.has(metric)) continue;
    const group: MetricGroup = { metrics: [metric], reason: null };
    for (const other of r.metrics.slice(i + 1)) {
      if (placed.has(other) || !sameFigures(r, metric, other)) continue;
      group.metrics.push(other);
      placed.add(other);
      const byProtocol = (BY_PROTOCOL[r.protocol] ?? []).some(
        ([a, b]) => (a === metric && b === other) || (a === other && b === metric),
      );
      group.reason = group.reason === "values" || !byProtocol ? "values" : "protocol";
    }
    groups.push(group);
  }
  return groups;
}

/** "HR = Recall" */
export function groupLabel(g: MetricGroup, k?: number): string {
  return g.metrics.map((m) => (k === undefined ? m : metricKey(m, k))).join(" = ");
}

/** The sentence a report says once, under its metric tables and charts; null when every metric stands alone. */
export function identityNote(groups: MetricGroup[]): string | null {
  const joined = groups.filter((g) => g.metrics.length > 1);
  if (joined.length === 0) return null;
  const byProtocol = joined.filter((g) => g.reason === "protocol").map((g) => groupLabel(g));
  const byValues = joined.filter((g) => g.reason === "values").map((g) => groupLabel(g));
  const parts: string[] = [];
  if (byProtocol.length > 0)
    parts.push(`${byProtocol.join(" and ")}: identical under this protocol (one target per case), shown once.`);
  if (byValues.length > 0)
    parts.push(`${byValues.join(" and ")}: identical for every model on these cases (each figure equal), shown once.`);
  return parts.join(" ");
}

function sameFigures(r: EvalReport, a: string, b: string): boolean {
  let seen = false;
  for (const model of r.models) {
    for (const k of r.ks) {
      const [ka, kb] = [metricKey(a, k), metricKey(b, k)];
      if (model.values[ka] !== model.values[kb]) return false;
      if (model.values[ka] !== undefined) seen = true;
      if (!samePair(model.intervals[ka], model.intervals[kb])) return false;
      const [da, db] = [model.vsBaseline?.[ka], model.vsBaseline?.[kb]];
      if (da?.diff !== db?.diff || da?.low !== db?.low || da?.high !== db?.high || da?.significant !== db?.significant)
        return false;
    }
    if (!sameBreakdowns(model, a, b, r.ks)) return false;
  }
  return seen;
}

function samePair(x: [number, number] | undefined, y: [number, number] | undefined): boolean {
  return x === y || (x !== undefined && y !== undefined && x[0] === y[0] && x[1] === y[1]);
}

/** Breakdown buckets key a metric "<metric>@<k>" or by its bare name. */
function sameBreakdowns(model: ModelResult, a: string, b: string, ks: number[]): boolean {
  for (const breakdown of model.breakdowns)
    for (const bucket of breakdown.buckets) {
      if (bucket.values[a] !== bucket.values[b]) return false;
      for (const k of ks) if (bucket.values[metricKey(a, k)] !== bucket.values[metricKey(b, k)]) return false;
    }
  return true;
}
