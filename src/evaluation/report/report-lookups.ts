import type { EvalReport, ModelResult } from "../eval-report.js";

/** Figures the report's tables and charts look up in an evaluation report. */

/** A breakdown across models: each model reports its own buckets, matched here by name and label. */
export interface MergedBreakdown {
  name: string;
  buckets: { label: string; cases: number; valuesByModel: (Record<string, number> | undefined)[] }[];
}

export const metricKey = (metric: string, k: number): string => `${metric}@${k}`;

/** List figures and breakdowns are computed at the largest k (ks are ascending). */
export function largestK(r: EvalReport): number | undefined {
  return r.ks.length > 0 ? r.ks[r.ks.length - 1] : undefined;
}

/** A bucket's value of a metric; buckets key it "<metric>@<k>" like the report, or by the bare metric name. */
export function bucketValue(
  values: Record<string, number> | undefined,
  metric: string,
  k: number | undefined,
): number | undefined {
  if (!values) return undefined;
  return (k === undefined ? undefined : values[metricKey(metric, k)]) ?? values[metric];
}

export function mergeBreakdowns(models: ModelResult[]): MergedBreakdown[] {
  const merged = new Map<string, { name: string; buckets: Map<string, MergedBreakdown["buckets"][number]> }>();
  models.forEach((model, m) => {
    for (const breakdown of model.breakdowns) {
      let entry = merged.get(breakdown.name);
      if (!entry) merged.set(breakdown.name, (entry = { name: breakdown.name, buckets: new Map() }));
      for (const b of breakdown.buckets) {
        let bucket = entry.buckets.get(b.label);
        if (!bucket)
          entry.buckets.set(
            b.label,
            (bucket = { label: b.label, cases: b.cases, valuesByModel: models.map(() => undefined) }),
          );
        bucket.valuesByModel[m] = b.values;
      }
    }
  });
  return [...merged.values()].map((e) => ({ name: e.name, buckets: [...e.buckets.values()] }));
}

// ---- the document ----
