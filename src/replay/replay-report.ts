import type { TtlFrom } from "../moments/empty-cart-moments.js";
import type { OffPolicyResult } from "./off-policy.js";
import type { OffPolicyVerdict } from "./off-policy-verdict.js";
import type { LiftEstimate, ResponseAssumptions } from "./response-model.js";

/** What `cartlift replay empty-cart` reports (its --json, and report.json without wall times). */
/**
 * A rate over moments with its interval (bootstrap over users) and, after the first policy, the paired difference to
 * it.
 */
export interface RateWithInterval {
  rate: number;
  low: number;
  high: number;
  vsBaseline?: { diff: number; low: number; high: number; significant: boolean };
}

export interface ReplayReport {
  data: string;
  since: string;
  until: string;
  k: number;
  cartTtlHours: number;
  ttlFrom: TtlFrom;
  moments: {
    moments: number;
    users: number;
    momentsPerUser: number;
    expiredItems: number;
    expiredValue: number;
    momentsBeforePeriod: number;
    orphanRemoves: number;
    orphanPurchases: number;
    /** Per window: shares of moments where the user carted or bought an expired item, or anything. */
    outcomes: Record<string, { expiredItemRate: number; anyRate: number }>;
  };
  period: { orders: number; revenue: number };
  /** What the figures rest on when it is thin: a small sample, or why there are no moments (replay-warnings.ts). */
  warnings: string[];
  assumptions: ResponseAssumptions;
  policies: PolicyResult[];
  /**
   * What the hit-rate comparison can claim: relevance, not the widget's effect (docs/replay.md, validity). Which policy
   * would earn more is not identifiable from a log without a widget: the report names no winner.
   */
  comparison: { identifiable: false; note: string; recommendation: string };
  /**
   * With --by segment, per window: hit rates per policy (`<policy> cartedOrBought`, `<policy> bought`, with bootstrap
   * intervals) and the response model's `<policy> incrementalRevenue`, per segment bucket.
   */
  bySegment?: Record<string, SegmentBreakdown[]>;
  /** With --exposures: what was read. */
  exposures?: {
    file: string;
    rows: number;
    /** Logged views inside the replay period: the only ones the estimates use. */
    views: number;
    /** Logged views before --since, left out: their outcomes lie inside the policies' training window. */
    viewsBeforePeriod: number;
    skippedUnknown: number;
  };
  seconds: number;
}

export interface PolicyResult {
  name: string;
  /**
   * How the policy avoids the future: trained here on the events before the period, or a model file trained up to its
   * --until.
   */
  source: string;
  trainSeconds: number;
  /** Per window: moments where the user carted or bought a shown item, and where they bought one. */
  hits: Record<string, { cartedOrBought: RateWithInterval; bought: RateWithInterval }>;
  /** Mean last-known price of the shown items (the order value of the lift model). */
  meanShownPrice: number;
  /** With --exposures: off-policy estimates of this policy's clicks and orders per widget view. */
  offPolicy?: { clicks: OffPolicyResult; orders: OffPolicyResult; verdict: OffPolicyVerdict };
  /** Per window: the response model's estimate, its shares of the period's revenue, and a sensitivity table. */
  lift: Record<
    string,
    LiftEstimate & {
      shareOfPeriodRevenue: number;
      sensitivity: (ResponseAssumptions & { incrementalOrders: number; incrementalRevenue: number })[];
    }
  >;
}

/** A breakdown of the replay's figures by segment (the shape of evaluate's breakdowns). */
export interface SegmentBreakdown {
  name: string;
  buckets: {
    label: string;
    cases: number;
    values: Record<string, number>;
    intervals?: Record<string, [number, number]>;
  }[];
}
