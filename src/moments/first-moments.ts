import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { UsageError } from "../errors.js";
import { emptyCartMoments } from "./empty-cart-moments.js";

/** Moments an experiment can be triggered by today (abandoned-cart and price-drop have no detector yet). */
export const TRIGGER_MOMENTS = ["empty-cart", "add-to-cart", "any"] as const;
export type TriggerMoment = (typeof TRIGGER_MOMENTS)[number];

/**
 * Each user's first moment in [from, to): epoch ms per user code, NaN for users who did not reach it. `any` is any
 * event (a visit), `add-to-cart` every cart_add event, `empty-cart` the detector of docs/replay.md with the cart TTL
 * `ttlMs` (cleared after that long without cart activity). The table is sorted by user, then time.
 */
export function firstMoments(t: EventTable, moment: string, from: number, to: number, ttlMs: number): Float64Array {
  if (!(TRIGGER_MOMENTS as readonly string[]).includes(moment))
    throw new UsageError(
      `the moment "${moment}" has no detector yet; experiments can be triggered by ${TRIGGER_MOMENTS.join(", ")}`,
      "abandoned-cart and price-drop moments arrive with their detectors (issues 17 and 18)",
    );
  const first = new Float64Array(t.dicts.user.size).fill(NaN);
  const take = (user: number, ts: number) => {
    if (ts >= from && ts < to && !(first[user] <= ts)) first[user] = ts;
  };
  if (moment === "empty-cart") {
    for (const m of emptyCartMoments(t, ttlMs).moments) take(m.user, t.ts[m.event]);
  } else {
    const cartOnly = moment === "add-to-cart";
    for (let i = 0; i < t.length; i++) if (!cartOnly || t.kind[i] === EventKind.cart_add) take(t.user[i], t.ts[i]);
  }
  return first;
}
