import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import type { AbandonedCartMoment } from "../moments/abandoned-cart-moments.js";
import { kaplanMeier, survivalAt, survivalQuantile, type SurvivalCurve } from "../stats/kaplan-meier.js";

/** The four returns followed after an abandonment. */
export const RECOVERY_EVENTS = ["nextVisit", "nextCartActivity", "abandonedItemBought", "anyPurchase"] as const;
export type RecoveryEvent = (typeof RECOVERY_EVENTS)[number];

/** Per abandonment: the time (ms) to each return, or to the end of its follow-up, and whether it happened. */
export interface FollowUp {
  time: Record<RecoveryEvent, Float64Array>;
  happened: Record<RecoveryEvent, Uint8Array>;
  /** The follow-up's length (ms): to the end of the data, or to the cart's expiry if the user was not back by then. */
  followed: Float64Array;
}

/**
 * Follows each abandonment to the user's next visit, next cart activity, purchase of an abandoned item and any
 * purchase. The follow-up ends at the end of the data, or when the cart expires (--ttl) before the user returns: both
 * censor (the curve counts the abandonment as followed that long without the event). The table is sorted by user,
 * then time.
 */
export function followUp(t: EventTable, moments: readonly AbandonedCartMoment[], dataEnd: number): FollowUp {
  const n = moments.length;
  const make = () => ({
    time: Object.fromEntries(RECOVERY_EVENTS.map((e) => [e, new Float64Array(n)])) as FollowUp["time"],
    happened: Object.fromEntries(RECOVERY_EVENTS.map((e) => [e, new Uint8Array(n)])) as FollowUp["happened"],
  });
  const { time, happened } = make();
  const followed = new Float64Array(n);
  moments.forEach((m, x) => {
    const start = t.ts[m.event];
    const next = m.event + 1 < t.length && t.user[m.event + 1] === m.user ? m.event + 1 : -1;
    const end = next >= 0 && t.ts[next] <= m.expiresAt ? dataEnd : Math.min(dataEnd, m.expiresAt);
    followed[x] = Math.max(0, end - start);
    for (const e of RECOVERY_EVENTS) time[e][x] = followed[x];
    const items = new Set(m.items);
    const seen = new Set<RecoveryEvent>();
    const mark = (e: RecoveryEvent, ts: number) => {
      if (seen.has(e)) return;
      seen.add(e);
      time[e][x] = ts - start;
      happened[e][x] = 1;
    };
    for (let j = next; j >= 0 && j < t.length && t.user[j] === m.user && t.ts[j] <= end; j++) {
      mark("nextVisit", t.ts[j]);
      const k = t.kind[j];
      if (k === EventKind.cart_add || k === EventKind.cart_remove || k === EventKind.purchase)
        mark("nextCartActivity", t.ts[j]);
      if (k === EventKind.purchase) {
        mark("anyPurchase", t.ts[j]);
        if (items.has(t.item[j])) mark("abandonedItemBought", t.ts[j]);
      }
      if (seen.size === RECOVERY_EVENTS.length) break;
    }
  });
  return { time, happened, followed };
}

/** The delays at which the report gives the share returned (1 h, 4 h, 24 h, 72 h, 7 days). */
export const SHARE_DELAYS_H = [1, 4, 24, 72, 168];
/** The grid of hours at which report.json keeps each curve (for its chart). */
const GRID_H = [0, 0.25, 0.5, 1, 2, 4, 6, 8, 12, 18, 24, 36, 48, 72, 96, 120, 144, 168, 240, 336];

/** One return's curve, summarised: its median and the shares reached by each delay, with 95% intervals. */
export interface RecoveryCurve {
  abandonments: number;
  events: number;
  /** Hours from abandonment until half had returned; null where the curve (or a band) never gets there. */
  medianHours: { value: number | null; low: number | null; high: number | null };
  /** Share returned by each delay (1 - S): null beyond the longest follow-up. */
  shareBy: { hours: number; share: number | null; low: number | null; high: number | null }[];
  /** 1 - S at the grid hours (null beyond the longest follow-up): the chart's points. */
  curve: { hours: number; share: number | null; low: number | null; high: number | null }[];
}

export function recoveryCurve(time: Float64Array, happened: Uint8Array): RecoveryCurve {
  const km = kaplanMeier(time, happened);
  const longest = time.reduce((a, b) => Math.max(a, b), 0);
  const H = 3_600_000;
  const at = (hours: number) => shareAt(km, hours * H, longest, hours);
  const q = survivalQuantile(km, 0.5);
  const h = (v: number | null) => (v === null ? null : round(v / H));
  return {
    abandonments: km.subjects,
    events: km.events,
    medianHours: { value: h(q.value), low: h(q.low), high: h(q.high) },
    shareBy: SHARE_DELAYS_H.map(at),
    curve: GRID_H.map(at),
  };
}

function shareAt(km: SurvivalCurve, ms: number, longest: number, hours: number) {
  if (ms > longest) return { hours, share: null, low: null, high: null };
  const s = survivalAt(km, ms);
  return { hours, share: round(1 - s.value), low: round(1 - s.high), high: round(1 - s.low) };
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/**
 * The timing table: at each candidate reminder delay, the share of abandonments whose user has not come back yet
 * (reachable by a reminder; 1 - the next-visit curve's share) and, of those followed past the delay without a return,
 * the share who still bought an abandoned item on their own later (what a reminder would be credited with but did
 * not cause; among the follow-up observed, so a lower bound under censoring).
 */
export function timingTable(f: FollowUp, delaysMs: readonly number[]): TimingRow[] {
  const visit = kaplanMeier(f.time.nextVisit, f.happened.nextVisit);
  const longest = f.followed.reduce((a, b) => Math.max(a, b), 0);
  return delaysMs.map((d) => {
    let waiting = 0;
    let boughtLater = 0;
    for (let x = 0; x < f.followed.length; x++) {
      const returned = f.happened.nextVisit[x] === 1 && f.time.nextVisit[x] <= d;
      if (returned || f.followed[x] <= d) continue;
      waiting++;
      if (f.happened.abandonedItemBought[x] === 1) boughtLater++;
    }
    const s = d <= longest ? survivalAt(visit, d) : null;
    return {
      delayHours: round(d / 3_600_000),
      notYetBack: s && round(s.value),
      notYetBackLow: s && round(s.low),
      notYetBackHigh: s && round(s.high),
      followedPastDelay: waiting,
      boughtOnTheirOwnLater: waiting ? round(boughtLater / waiting) : null,
    };
  });
}

export interface TimingRow {
  delayHours: number;
  /** Share not yet back at the delay (Kaplan-Meier of the next visit), with its interval; null past the follow-up. */
  notYetBack: number | null;
  notYetBackLow: number | null;
  notYetBackHigh: number | null;
  /** Abandonments followed past the delay without a return. */
  followedPastDelay: number;
  /** Of those, the share who went on to buy an abandoned item without any reminder. */
  boughtOnTheirOwnLater: number | null;
}
