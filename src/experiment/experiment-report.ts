import type { MetricName, MomentName } from "./experiment-config.js";

export type Interval = [number, number];

/** One treatment arm against control on one metric. */
export interface ArmComparison {
  arm: string;
  test: "two-proportion" | "welch" | "delta";
  difference: number;
  interval: Interval;
  p: number;
  /** Holm-adjusted over the treatment arms (equal to p with one treatment arm). */
  pHolm: number;
  relative: number;
  relativeInterval: Interval;
  /** CUPED with the pre-period value of the same metric (null for ratio metrics). */
  cuped: { difference: number; interval: Interval; p: number; theta: number; correlation: number } | null;
}

export interface MetricResult {
  metric: MetricName | "revenue-per-order";
  primary: boolean;
  /** Mean per arm (a rate for conversion), in arm order. */
  means: Record<string, number>;
  comparisons: ArmComparison[];
}

/** The primary metric's difference at each day's end, with its fixed-horizon and always-valid intervals. */
export interface SeriesPoint {
  day: string;
  users: Record<string, number>;
  difference: number;
  interval: Interval;
  p: number;
  /** The confidence sequence (intersected over days so far) and the always-valid p (running minimum). */
  alwaysValidInterval: Interval;
  alwaysValidP: number;
}

export interface ExperimentReadReport {
  /** Plain-language summary: significance, direction, planned sample, checks. */
  decision: {
    summary: string;
    significant: boolean;
    direction: "up" | "down" | "none";
    plannedSampleReached: boolean | null;
    srmFailed: boolean;
    safeToStopEarly: boolean;
  };
  experiment: {
    name: string;
    moment: MomentName;
    metric: MetricName;
    arms: string[];
    split: number[];
    control: string;
    start: string;
    end: string;
    /** The data's last event, when it falls before the end: the read is an interim one. */
    dataEnd: string;
    usersPerArmPlanned: number | null;
    alpha: number;
    assignment: "hash" | "file";
  };
  triggered: { total: number; byArm: Record<string, number>; exposed: number | null; unassigned: number };
  srm: { chiSquare: number; df: number; p: number; level: number; failed: boolean; expected: Record<string, number> };
  balance: { metric: MetricName; means: Record<string, number>; p: number[] };
  metrics: MetricResult[];
  incremental: {
    arm: string;
    orders: number;
    ordersInterval: Interval;
    revenue: number;
    revenueInterval: Interval;
    quarterOrders: number;
    quarterOrdersInterval: Interval;
    quarterRevenue: number;
    quarterRevenueInterval: Interval;
    weeklyTriggeredUsers: number;
  }[];
  sequential: { method: string; tau2: number; arm: string; p: number; interval: Interval; significant: boolean }[];
  series: Record<string, SeriesPoint[]>;
  breakdowns: {
    by: string;
    caveat: string;
    groups: { label: string; users: Record<string, number>; comparisons: ArmComparison[] }[];
  }[];
  notes: string[];
}
