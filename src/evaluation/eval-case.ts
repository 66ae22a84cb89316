import type { HistoryEvent } from "../models/recommender.js";

/** One evaluation query: what a model sees (history up to `now`) and what counts as a hit. */
export interface EvalCase {
  /** Stable id, e.g. "<session>:<position>" (the reference's query ids) or a user id. */
  id: string;
  /** Bootstrap unit (test session or user index): its cases are resampled together. */
  group: number;
  history: HistoryEvent[];
  /** Request time (epoch ms); undefined: the last history event. */
  now?: number;
  /** Distinct target item codes. */
  targets: Int32Array;
  /** session-future: OTTO's targets by type (the next click; future carts; future orders). */
  typed?: { clicks: Int32Array; carts: Int32Array; orders: Int32Array };
  /** Items the model must not show (add-to-cart: the cart); none when absent. */
  exclude?: Int32Array;
  /** User code: for breakdowns by the user's segment (--by segment). */
  user?: number;
  /** Breakdown attributes. */
  returning: boolean;
  earlierCart: boolean;
  /** EventKind of the (first) target event, -1 when mixed or unknown. */
  targetKind: number;
}

export interface CaseSet {
  cases: EvalCase[];
  groups: number;
  /** Protocol bookkeeping: counts that reconcile (documented per protocol in docs/evaluate.md). */
  stats: Record<string, number>;
}

/** What every protocol needs to know about users at the cut, computed once. */
export interface UserFacts {
  /** First event time per user code. */
  firstTs: Float64Array;
  /** First cart_add time per user code (Infinity: never). */
  firstCartTs: Float64Array;
}
