import { wilsonInterval } from "../stats/wilson.js";
import { ABSENT, INTENT_SEGMENTS, LIFECYCLE_STAGES, RFM_GROUPS } from "./segment-names.js";
import type { SegmentSnapshot } from "./snapshot.js";

export type SegmentFamily = "lifecycle" | "intent" | "rfm" | "custom";

/** What happened in the horizon after the point in time, among a segment's members (observational). */
export interface NextWindow {
  buyers: number;
  purchaseRate: number;
  /** Wilson score interval at 95%. */
  purchaseRateInterval: [number, number];
  revenue: number;
  revenuePerUser: number;
  /** Normal interval of the mean at 95% (users independent). */
  revenuePerUserInterval: [number, number];
}

export interface SegmentStat {
  segment: string;
  family: SegmentFamily;
  users: number;
  /** Of the users with an event before the point in time. */
  share: number;
  /** Null when the data does not reach the end of the horizon. */
  next: NextWindow | null;
}

const Z = 1.959963984540054;

/** Every segment's size, share and next-horizon purchases in one pass over the users. */
export function segmentStats(s: SegmentSnapshot, customNames: readonly string[]): SegmentStat[] {
  const names: [string, SegmentFamily][] = [
    ...LIFECYCLE_STAGES.map((n) => [n, "lifecycle"] as [string, SegmentFamily]),
    ...INTENT_SEGMENTS.map((n) => [n, "intent"] as [string, SegmentFamily]),
    ...RFM_GROUPS.map((n) => [n, "rfm"] as [string, SegmentFamily]),
    ...customNames.map((n) => [n, "custom"] as [string, SegmentFamily]),
  ];
  const K = names.length;
  const [L, I, R] = [LIFECYCLE_STAGES.length, INTENT_SEGMENTS.length, RFM_GROUPS.length];
  const users = new Float64Array(K);
  const buyers = new Float64Array(K);
  const revenue = new Float64Array(K);
  const revenue2 = new Float64Array(K);
  const add = (k: number, u: number) => {
    users[k]++;
    buyers[k] += s.futureBuyer[u];
    const r = s.futureRevenue[u];
    revenue[k] += r;
    revenue2[k] += r * r;
  };
  for (let u = 0; u < s.lifecycle.length; u++) {
    if (s.lifecycle[u] === ABSENT) continue;
    add(s.lifecycle[u], u);
    for (let b = 0; b < I; b++) if ((s.intent[u] >> b) & 1) add(L + b, u);
    if (s.rfmGroup[u] !== ABSENT) add(L + I + s.rfmGroup[u], u);
    for (let c = 0; c < s.customCount; c++) if (s.custom[u * s.customCount + c]) add(L + I + R + c, u);
  }
  return names.map(([segment, family], k) => ({
    segment,
    family,
    users: users[k],
    share: s.present > 0 ? users[k] / s.present : 0,
    next: s.horizonCovered ? nextWindow(users[k], buyers[k], revenue[k], revenue2[k]) : null,
  }));
}

function nextWindow(n: number, buyers: number, revenue: number, revenue2: number): NextWindow {
  const mean = n > 0 ? revenue / n : 0;
  const variance = n > 1 ? Math.max(0, (revenue2 - n * mean * mean) / (n - 1)) : 0;
  const half = n > 0 ? Z * Math.sqrt(variance / n) : 0;
  return {
    buyers,
    purchaseRate: n > 0 ? buyers / n : 0,
    purchaseRateInterval: wilsonInterval(buyers, n),
    revenue: round2(revenue),
    revenuePerUser: round2(mean),
    revenuePerUserInterval: [round2(Math.max(0, mean - half)), round2(mean + half)],
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
