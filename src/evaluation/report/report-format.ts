/** How the evaluation report writes numbers: one format for the Markdown and the HTML page. */

/** Appended to a difference the bootstrap calls significant. */
export const SIGNIFICANT_MARK = "*";
/** A figure the report does not have. */
export const MISSING = "–";

/** Metric values: 4 decimals. */
export function formatMetric(x: number | undefined): string {
  if (x === undefined) return MISSING;
  return Number.isFinite(x) ? x.toFixed(4) : "n/a";
}

/** A difference with its sign, so "+0.0000" never reads as a gain. */
export function formatSigned(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const magnitude = Math.abs(x).toFixed(4);
  if (Number(magnitude) === 0) return magnitude;
  return (x < 0 ? "-" : "+") + magnitude;
}

/** "0.1234 [0.1100, 0.1350]" */
export function formatWithInterval(value: number | undefined, interval: [number, number] | undefined): string {
  if (value === undefined) return MISSING;
  return interval
    ? `${formatMetric(value)} [${formatMetric(interval[0])}, ${formatMetric(interval[1])}]`
    : formatMetric(value);
}

/** Counts: integers with thousands separators (locale-independent). */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? groupThousands(Math.round(n).toFixed(0)) : "n/a";
}

export function formatSeconds(s: number): string {
  return Number.isFinite(s) ? groupThousands(s.toFixed(2)) : "n/a";
}

export function formatPercent(share: number, decimals = 2): string {
  return Number.isFinite(share) ? `${groupThousands((share * 100).toFixed(decimals))}%` : "n/a";
}

/** The confidence level as "95%", whether the report holds 0.95 or 95. */
export function formatLevel(level: number): string {
  return `${Number((level <= 1 ? level * 100 : level).toFixed(1))}%`;
}

function groupThousands(fixed: string): string {
  const [whole, fraction] = fixed.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
