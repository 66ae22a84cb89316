import type { TtlFrom } from "../moments/empty-cart-moments.js";
import type { PolicyResult, RateWithInterval } from "./replay-report.js";
import type { ResponseAssumptions } from "./response-model.js";
import type { RecoveryCurve, TimingRow } from "./natural-recovery.js";

/** What the reports of every moment kind share: the period, the cart rules, the policies' hit rates and money. */
export interface MomentReportBase {
  moment: string;
  data: string;
  since: string;
  until: string;
  k: number;
  cartTtlHours: number;
  ttlFrom: TtlFrom;
  period: { orders: number; revenue: number };
  warnings: string[];
  /** The response model's rates, each an assumption; `source` says where they come from (no published figure). */
  assumptions: ResponseAssumptions & { openRate?: number; source: string };
  comparison: { identifiable: false; note: string; recommendation: string };
  seconds: number;
}

/** A mean over moments with its bootstrap interval. */
export interface MeanWithInterval {
  mean: number;
  low: number;
  high: number;
}

export type MomentPolicyResult = Omit<PolicyResult, "offPolicy">;

/** `cartlift replay add-to-cart`: every cart_add of the period. */
export interface AddToCartReport extends MomentReportBase {
  moment: "add-to-cart";
  moments: {
    moments: number;
    users: number;
    momentsPerUser: number;
    /** Value of the added lines (price x quantity). */
    addedValue: number;
    /** Carts created in the period (the cart went from empty to holding an item). */
    cartsCreated: number;
    momentsBeforePeriod: number;
    orphanRemoves: number;
    orphanPurchases: number;
    /** Per window, policy-independent: anything else carted, anything bought, and the added item bought. */
    outcomes: Record<string, { anyCartedRate: number; anyBoughtRate: number; addedItemBoughtRate: number }>;
  };
  policies: (MomentPolicyResult & {
    /** Per window: the value of shown items carted or bought after the moment, per moment. */
    basketValueAdded: Record<string, MeanWithInterval>;
    /**
     * Per window, of the moments where a shown item was bought: the share where the added item was bought too
     * (complements, bought together) and where it was not (alternatives, bought instead).
     */
    complements: Record<string, { boughtHits: number; complementShare: number; alternativeShare: number }>;
  })[];
}

export type { RateWithInterval };

/** `cartlift replay abandoned-cart`: the period's abandonments, their natural recovery, and reminder content. */
export interface AbandonedCartReport extends MomentReportBase {
  moment: "abandoned-cart";
  moments: {
    /** Abandonments in the period (a cart abandoned, resumed and abandoned again counts each time). */
    moments: number;
    /** Abandoners: users with an abandonment in the period. */
    users: number;
    momentsPerUser: number;
    /** Carts created in the period, those of them abandoned at least once, and their share (the abandonment rate). */
    cartsCreated: number;
    cartsAbandoned: number;
    abandonmentRate: number;
    /** The value left in the period's abandoned carts, each cart at its last abandonment. */
    valueAtRisk: number;
    abandonedItems: number;
    /** Abandonments by the user's orders up to them. */
    byLifecycle: Record<string, { moments: number; share: number }>;
    momentsBeforePeriod: number;
    orphanRemoves: number;
    orphanPurchases: number;
    /** Abandonments whose user came back within the data (a return: where the reminder outcomes start). */
    returnedRate: number;
    /** Per window from the return: abandonments with an abandoned item bought, no reminder (natural recovery). */
    outcomes: Record<string, { naturalRecoveryRate: number }>;
  };
  /** Kaplan-Meier curves from the abandonment, censored at the end of the data or at the cart's expiry. */
  recovery: Record<string, RecoveryCurve>;
  timing: { rows: TimingRow[]; note: string };
  policies: MomentPolicyResult[];
}

/** Any report of `cartlift replay add-to-cart` or `abandoned-cart`. */
export type MomentReport = AddToCartReport | AbandonedCartReport;
