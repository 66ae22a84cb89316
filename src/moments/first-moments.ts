import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { UsageError } from "../errors.js";
import type { MomentKind } from "./moment-kind.js";
import { MOMENT_KINDS, MOMENT_NAMES, type MomentName } from "./registry.js";

/** Moments an experiment can be triggered by: every moment of the registry, and any visit. */
export const TRIGGER_MOMENTS = [...MOMENT_NAMES, "any"] as const;
export type TriggerMoment = MomentName | "any";

/**
 * Each user's first moment in [from, to): epoch ms per user code, NaN for users who did not reach it. `any` is any
 * event (a visit), `add-to-cart` every cart_add event; the other moments come from their detectors in the registry
 * (moments/registry.ts) with the cart TTL `ttlMs` (cleared after that long without cart activity): empty-cart (the
 * returning user's first event), abandoned-cart (the abandoning session's last event), price-drop (the drop's time,
 * for each user of its audience). The table is sorted by user, then time.
 */
export function firstMoments(t: EventTable, moment: string, from: number, to: number, ttlMs: number): Float64Array {
  if (!(TRIGGER_MOMENTS as readonly string[]).includes(moment))
    throw new UsageError(
      `the moment "${moment}" has no detector; experiments can be triggered by ${TRIGGER_MOMENTS.join(", ")}`,
    );
  const first = new Float64Array(t.dicts.user.size).fill(NaN);
  const take = (user: number, ts: number) => {
    if (ts >= from && ts < to && !(first[user] <= ts)) first[user] = ts;
  };
  if (moment === "any" || moment === "add-to-cart") {
    const cartOnly = moment === "add-to-cart";
    for (let i = 0; i < t.length; i++) if (!cartOnly || t.kind[i] === EventKind.cart_add) take(t.user[i], t.ts[i]);
    return first;
  }
  const kind = MOMENT_KINDS[moment as MomentName] as unknown as MomentKind;
  for (const m of kind.detect(t, { ttlMs, ttlFrom: "last-activity" }).moments)
    take(t.user[kind.rowOf(m)], kind.timeOf ? kind.timeOf(t, m) : t.ts[kind.rowOf(m)]);
  return first;
}
