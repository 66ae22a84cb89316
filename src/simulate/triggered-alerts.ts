import type { EventTable } from "../data/event-table.js";
import type { ExperimentConfig } from "../experiment/experiment-config.js";
import { MOMENT_KINDS } from "../moments/registry.js";
import type { MomentKind } from "../moments/moment-kind.js";
import type { AbandonedCartMoment } from "../moments/abandoned-cart-moments.js";
import type { PriceDropMoment } from "../moments/price-drop-moments.js";
import { Sig } from "../prices/signals.js";

/** The moments whose simulated experiments send a message (an alert or a reminder) at each of the log's moments. */
export const TRIGGERED_MESSAGE_MOMENTS = ["price-drop", "abandoned-cart"] as const;
export type TriggeredMessageMoment = (typeof TRIGGERED_MESSAGE_MOMENTS)[number];

/** `experiment read`'s cart lifetime when --ttl is not given: the abandoned-cart moments are detected with it. */
export const READ_TTL_MS = 24 * 3_600_000;

/** One message: when its moment happened, the items it shows, and which of them the user had wanted (boosted). */
export interface Alert {
  at: number;
  items: number[];
  wanted: boolean[];
}

/** Per user (by number): the first moment in the experiment (NaN: none) and every moment's message in it. */
export interface TriggeredAlerts {
  first: Float64Array;
  alerts: Map<number, Alert[]>;
}

/**
 * The messages of a triggered experiment, from the shop's organic event table (`ShopTable`): the moments the registry's
 * detector finds in it (as `experiment read` does, with its default cart lifetime) between the experiment's start and
 * end. A price-drop alert shows the dropped item (wanted: the user wishlisted or carted it); an abandoned-cart
 * reminder shows the items left in the cart (all wanted). Each user's first moment is `firstMoments`' rule: the
 * earliest moment time in [start, end).
 */
export function triggeredAlerts(t: EventTable, e: ExperimentConfig, ttlMs = READ_TTL_MS): TriggeredAlerts {
  const first = new Float64Array(t.dicts.user.size).fill(NaN);
  const alerts = new Map<number, Alert[]>();
  const add = (row: number, at: number, items: number[], wanted: boolean[]) => {
    if (!(at >= e.start && at < e.end)) return;
    const u = Number(t.dicts.user.get(t.user[row]).slice(1));
    if (!(first[u] <= at)) first[u] = at;
    (alerts.get(u) ?? alerts.set(u, []).get(u)!).push({ at, items, wanted });
  };
  if (e.moment === "price-drop") {
    const kind = MOMENT_KINDS["price-drop"] as unknown as MomentKind<PriceDropMoment>;
    for (const m of kind.detect(t, { ttlMs, ttlFrom: "last-activity" }).moments)
      add(kind.rowOf(m), kind.timeOf!(t, m), [m.item], [m.signal === Sig.wishlisted || m.signal === Sig.carted]);
  } else if (e.moment === "abandoned-cart") {
    const kind = MOMENT_KINDS["abandoned-cart"] as unknown as MomentKind<AbandonedCartMoment>;
    for (const m of kind.detect(t, { ttlMs, ttlFrom: "last-activity" }).moments)
      add(
        m.event,
        t.ts[m.event],
        m.items,
        m.items.map(() => true),
      );
  } else throw new Error(`no triggered messages for the moment ${e.moment}`);
  for (const list of alerts.values()) list.sort((a, b) => a.at - b.at || a.items[0] - b.items[0]);
  return { first, alerts };
}
