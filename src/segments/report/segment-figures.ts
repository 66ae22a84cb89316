import type { SegmentReport } from "../segment-report.js";
import type { SegmentStat } from "../segment-stats.js";

/** Small shared helpers of the markdown and HTML segment reports. */
export const day = (iso: string) => (iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 16) + "Z");
export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
export const money = (x: number) => x.toFixed(2);
export const count = (n: number) => Math.round(n).toLocaleString("en-US");

/** The last point whose horizon the data covers (the one the conversion figures come from), or the last point. */
export function conversionPoint(r: SegmentReport): { at: string; segments: SegmentStat[]; covered: boolean } {
  for (let x = r.points.length - 1; x >= 0; x--)
    if (r.points[x].segments.some((s) => s.next !== null)) return { ...r.points[x], covered: true };
  const last = r.points[r.points.length - 1];
  return { ...last, covered: false };
}

/** Per-segment table rows: segment, family, users, share, purchase rate [interval], revenue per user [interval]. */
export function segmentRows(segments: SegmentStat[]): string[][] {
  return segments.map((s) => [
    s.segment,
    s.family,
    count(s.users),
    pct(s.share),
    s.next
      ? `${pct(s.next.purchaseRate)} [${pct(s.next.purchaseRateInterval[0])}, ${pct(s.next.purchaseRateInterval[1])}]`
      : "n/a",
    s.next
      ? `${money(s.next.revenuePerUser)} [${money(s.next.revenuePerUserInterval[0])}, ${money(s.next.revenuePerUserInterval[1])}]`
      : "n/a",
  ]);
}

export const SEGMENT_HEADER = ["segment", "family", "users", "share", "bought in horizon [95%]", "revenue/user [95%]"];

/** Sizes over time of the intent and custom segments: one row per point. */
export function sizeRows(r: SegmentReport): { names: string[]; rows: number[][] } {
  const names = r.points[0].segments
    .filter((s) => s.family === "intent" || s.family === "custom")
    .map((s) => s.segment);
  const rows = r.points.map((p) => names.map((n) => p.segments.find((s) => s.segment === n)!.users));
  return { names, rows };
}

export function lifecycleRows(r: SegmentReport): { names: string[]; rows: number[][] } {
  const names = r.points[0].segments.filter((s) => s.family === "lifecycle").map((s) => s.segment);
  const rows = r.points.map((p) => names.map((n) => p.segments.find((s) => s.segment === n)!.users));
  return { names, rows };
}
