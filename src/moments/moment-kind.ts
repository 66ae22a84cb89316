import type { EventTable } from "../data/event-table.js";
import type { TtlFrom } from "./empty-cart-moments.js";

/** Where a moment stands for a replay: what the policy is seeded with, what it must not show, where outcomes start. */
export interface ReplayMoment {
  /** Row of the table: the moment's event. */
  event: number;
  user: number;
  /** The policy sees the user's events before this row (event + 1 when the moment's own event seeds it). */
  seedEnd: number;
  /** The time of the request (recency weights count back from it). */
  now: number;
  /** Items the policy must not show (add-to-cart: the cart). */
  exclude: readonly number[];
  /** Row from which outcomes count (-1: no outcome can follow, e.g. no return after an abandonment). */
  outcomeFrom: number;
}

/** How carts are rebuilt: the TTL and what it runs from. */
export interface CartRules {
  ttlMs: number;
  ttlFrom: TtlFrom;
}

/**
 * A kind of moment (docs/replay.md, "The moment engine"): its detector over the time-ordered user timelines with the
 * cart state rebuilt, and how each of its moments seeds a policy, what it must not show and where its outcomes start.
 * The figures of each kind's own (counts, values, survival) are built from `M` by its replay.
 */
/** What a detector returns: its moments and the log's imperfections it counted. */
export interface Detected<M> {
  moments: M[];
  orphanRemoves: number;
  orphanPurchases: number;
}

export interface MomentKind<M = unknown, D extends Detected<M> = Detected<M>> {
  readonly name: string;
  readonly summary: string;
  /** The cart lifetime when --ttl is not given. */
  readonly defaultTtl: string;
  /** The policies compared when --policy is not given (model specs; the first is the baseline). */
  readonly defaultPolicies: readonly string[];
  detect(t: EventTable, cart: CartRules): D;
  /** The moment's row (its time and user decide the period and the bootstrap group). */
  rowOf(m: M): number;
  /** The moment's time when it is not its row's (price-drop: the drop's time; the row is the user's last before). */
  timeOf?(t: EventTable, m: M): number;
  replayMoment(t: EventTable, m: M): ReplayMoment;
}
