import type { EvalReport } from "../eval-report.js";

/** The metric a verdict ranks by: NDCG at the largest k when measured, else the first metric at the largest k. */
export function primaryMetric(r: EvalReport): string | null {
  const k = r.ks[r.ks.length - 1];
  const metric = r.metrics.includes("NDCG") ? "NDCG" : r.metrics[0];
  return k === undefined || metric === undefined ? null : `${metric}@${k}`;
}

/**
 * One line for the top of the report: which model is best on the primary metric, by how much over the baseline,
 * and whether the paired interval of that difference excludes zero. Null without models or metrics.
 */
export function verdict(r: EvalReport, level: string): string | null {
  const key = primaryMetric(r);
  if (!key || r.models.length === 0) return null;
  let best = 0;
  for (let i = 1; i < r.models.length; i++)
    if ((r.models[i].values[key] ?? -Infinity) > (r.models[best].values[key] ?? -Infinity)) best = i;
  const m = r.models[best];
  const value = m.values[key];
  if (value === undefined) return null;
  const baseline = r.models[0].name;
  if (best === 0)
    return r.models.length === 1
      ? `${m.name} scores ${value.toFixed(4)} on ${key} (one model: nothing to compare)`
      : `the baseline ${baseline} is best on ${key} (${value.toFixed(4)}): no model beats it`;
  const d = m.vsBaseline?.[key];
  if (!d) return `${m.name} is best on ${key} (${value.toFixed(4)})`;
  const sign = d.diff >= 0 ? "+" : "";
  return (
    `${m.name} is best on ${key} (${value.toFixed(4)}), ${sign}${d.diff.toFixed(4)} over the baseline ${baseline} ` +
    `[${d.low.toFixed(4)}, ${d.high.toFixed(4)}]: ` +
    (d.significant
      ? `significant (the ${level} paired interval excludes 0)`
      : `not significant (the ${level} paired interval includes 0)`)
  );
}
