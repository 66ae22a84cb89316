import { pairedBootstrap } from "../stats/bootstrap.js";
import type { Breakdown } from "./eval-report.js";

export interface BootstrapSettings {
  resamples: number;
  level: number;
  seed: number;
}

/**
 * A breakdown by labels given per case (a case may carry several, e.g. intent segments, or none): each bucket's
 * mean of every series, with the interval of the same paired bootstrap over groups as the headline figures, run on
 * the bucket's cases.
 */
export function labelledBreakdown(
  name: string,
  labels: readonly (readonly string[])[],
  order: readonly string[],
  series: { key: string; values: Float64Array }[],
  groupOf: Int32Array,
  o: BootstrapSettings,
): Breakdown {
  const buckets = order.flatMap((bucket) => {
    const picked: number[] = [];
    labels.forEach((ls, c) => {
      if (ls.includes(bucket)) picked.push(c);
    });
    if (picked.length === 0) return [];
    // the bucket's groups, renumbered densely
    const dense = new Map<number, number>();
    const groups = Int32Array.from(picked, (c) => dense.get(groupOf[c]) ?? dense.set(groupOf[c], dense.size).size - 1);
    const sub = series.map((s) => Float64Array.from(picked, (c) => s.values[c]));
    const boot = pairedBootstrap(sub, groups, dense.size, { ...o, pairs: [] });
    return [
      {
        label: bucket,
        cases: picked.length,
        values: Object.fromEntries(series.map((s, x) => [s.key, sub[x].reduce((a, b) => a + b, 0) / picked.length])),
        intervals: Object.fromEntries(
          series.map((s, x) => [s.key, [boot.means[x].low, boot.means[x].high] as [number, number]]),
        ),
      },
    ];
  });
  return { name, buckets };
}
