import { EVENT_KINDS } from "../data/event-kind.js";
import type { EvalCase } from "./eval-case.js";
import type { Breakdown } from "./eval-report.js";
import { historyBucket } from "./protocols/history-of.js";

/** The subsets every report breaks metrics down by: a name and each case's bucket label. */
const DIMENSIONS: { name: string; label: (c: EvalCase) => string; order: string[] }[] = [
  { name: "user", label: (c) => (c.returning ? "returning" : "new"), order: ["new", "returning"] },
  {
    name: "earlier cart",
    label: (c) => (c.earlierCart ? "with an earlier cart" : "no earlier cart"),
    order: ["no earlier cart", "with an earlier cart"],
  },
  { name: "history length", label: (c) => historyBucket(c.history.length), order: ["1", "2-4", "5-9", "10-19", "20+"] },
  {
    name: "target event",
    label: (c) => (c.targetKind >= 0 ? EVENT_KINDS[c.targetKind] : "mixed"),
    order: [...EVENT_KINDS, "mixed"],
  },
];

/** Means of the given per-case series within each bucket (buckets without cases left out). */
export function breakdowns(cases: readonly EvalCase[], series: { key: string; values: Float64Array }[]): Breakdown[] {
  return DIMENSIONS.map(({ name, label, order }) => {
    const labels = cases.map(label);
    const buckets = order
      .map((bucket) => {
        let n = 0;
        const sums = new Float64Array(series.length);
        for (let c = 0; c < cases.length; c++) {
          if (labels[c] !== bucket) continue;
          n++;
          for (let s = 0; s < series.length; s++) sums[s] += series[s].values[c];
        }
        return {
          label: bucket,
          cases: n,
          values: Object.fromEntries(series.map((s, x) => [s.key, n ? sums[x] / n : 0])),
        };
      })
      .filter((b) => b.cases > 0);
    return { name, buckets };
  });
}
