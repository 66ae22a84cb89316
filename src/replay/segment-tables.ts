import type { ReplayReport } from "./replay-report.js";

/** One --by segment table of a replay: a window and a dimension (lifecycle, intent, RFM), a row per bucket. */
export interface SegmentTable {
  window: string;
  name: string;
  header: string[];
  rows: string[][];
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const money = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The --by segment breakdowns as tables, for report.md and the terminal: per bucket its moments, and per policy the
 * carted-or-bought rate with its bootstrap interval and the response model's incremental revenue (an assumption, no
 * interval), as in the JSON report.
 */
export function segmentTables(r: ReplayReport): SegmentTable[] {
  if (!r.bySegment) return [];
  const names = r.policies.map((p) => p.name);
  const tables: SegmentTable[] = [];
  for (const [window, breakdowns] of Object.entries(r.bySegment))
    for (const b of breakdowns)
      tables.push({
        window,
        name: b.name,
        header: [
          b.name,
          "moments",
          ...names.map((n) => `${n}: carted or bought`),
          ...names.map((n) => `${n}: revenue`),
        ],
        rows: b.buckets.map((bucket) => {
          const rate = (n: string) => {
            const key = `${n} cartedOrBought`;
            const v = bucket.values[key];
            const i = bucket.intervals?.[key];
            if (v === undefined || Number.isNaN(v)) return "n/a";
            return i ? `${pct(v)} [${pct(i[0])}, ${pct(i[1])}]` : pct(v);
          };
          const revenue = (n: string) => {
            const v = bucket.values[`${n} incrementalRevenue`];
            return v === undefined || Number.isNaN(v) ? "n/a" : money(v);
          };
          return [bucket.label, bucket.cases.toLocaleString("en-US"), ...names.map(rate), ...names.map(revenue)];
        }),
      });
  return tables;
}

/** The note that goes with the tables. */
export const SEGMENT_NOTE =
  "Each moment counts in the segments its user was in at the last day boundary after --since not later than the " +
  "moment (an intent-segment moment may count in several). Rates with 95% bootstrap intervals; revenue from the " +
  "response model's assumptions. Many buckets: read a difference between them as a hypothesis, not a finding.";
