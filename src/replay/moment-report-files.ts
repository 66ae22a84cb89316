import { abandonedCartMarkdown } from "./abandoned-cart-markdown.js";
import { addToCartMarkdown } from "./add-to-cart-markdown.js";
import type { AbandonedCartReport, AddToCartReport, MomentReport } from "./moment-report.js";
import { hitRateChart, recoveryChart } from "./report-charts.js";
import { reportHtml } from "./report-html.js";
import { barChart } from "./report-svg.js";

export type { MomentReport } from "./moment-report.js";

/**
 * report.md, report.html and report.json of an add-to-cart or abandoned-cart replay; wall times left out, so the same
 * input and seed give the same bytes.
 */
export function momentReportFiles(report: MomentReport): Record<string, string> {
  const { seconds: _s, ...rest } = report;
  const stable = {
    ...rest,
    policies: report.policies.map(({ trainSeconds: _t, ...p }) => p),
  } as unknown as MomentReport;
  const markdown = stable.moment === "add-to-cart" ? addToCartMarkdown(stable) : abandonedCartMarkdown(stable);
  const charts = stable.moment === "add-to-cart" ? addToCartCharts(stable) : abandonedCartCharts(stable);
  return {
    "report.md": markdown,
    "report.html": reportHtml(`${stable.moment} replay: ${stable.data}`, markdown, charts),
    "report.json": JSON.stringify(stable, null, 2) + "\n",
  };
}

function addToCartCharts(r: AddToCartReport): string[] {
  const windows = Object.keys(r.policies[0]?.complements ?? {});
  return [
    ...hitRateChart(r.policies, "Shown item carted or bought after the add (95% interval)"),
    ...(windows.length
      ? [
          barChart(
            "Of the bought hits: complements (added item bought too)",
            windows,
            r.policies.map((p) => ({
              name: p.name,
              bars: windows.map((w) => ({ value: p.complements[w].complementShare })),
            })),
          ),
        ]
      : []),
  ];
}

function abandonedCartCharts(r: AbandonedCartReport): string[] {
  return [
    ...recoveryChart(r.recovery),
    ...hitRateChart(r.policies, "Reminder item carted or bought on the return (95% interval)"),
  ];
}
