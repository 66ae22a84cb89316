import type { PolicyResult } from "./replay-report.js";
import { barChart, curveChart } from "./report-svg.js";
import type { RecoveryCurve } from "./natural-recovery.js";

/** The hit-rate chart every replay report has: per window, each policy's carted-or-bought rate with its interval. */
export function hitRateChart(policies: readonly Pick<PolicyResult, "name" | "hits">[], title: string): string[] {
  const windows = Object.keys(policies[0]?.hits ?? {});
  if (windows.length === 0) return [];
  return [
    barChart(
      title,
      windows,
      policies.map((p) => ({
        name: p.name,
        bars: windows.map((w) => {
          const h = p.hits[w].cartedOrBought;
          return { value: h.rate, low: h.low, high: h.high };
        }),
      })),
    ),
  ];
}

const LABELS: Record<string, string> = {
  nextVisit: "next visit",
  nextCartActivity: "next cart activity",
  abandonedItemBought: "purchase of an abandoned item",
  anyPurchase: "any purchase",
};

/** The natural recovery chart: share returned over time since the abandonment, one curve per return. */
export function recoveryChart(recovery: Record<string, RecoveryCurve>): string[] {
  const curves = Object.entries(recovery).map(([e, c]) => ({ name: LABELS[e] ?? e, points: c.curve }));
  return curves.length ? [curveChart("Share returned since the abandonment (Kaplan-Meier, 95% band)", curves)] : [];
}
