import type { EventTable } from "../data/event-table.js";
import { UsageError } from "../errors.js";
import { abandonedCartMoments, type AbandonedCartMoment } from "./abandoned-cart-moments.js";
import type { Detected } from "./moment-kind.js";
import { addToCartMoments, type AddToCartMoment } from "./add-to-cart-moments.js";
import { emptyCartMoments, type EmptyCartMoment } from "./empty-cart-moments.js";
import type { MomentKind } from "./moment-kind.js";
import { priceDropMoments, type PriceDropDetected, type PriceDropMoment } from "./price-drop-moments.js";

/** The next row of the same user after `i`, or -1. */
function nextOfUser(t: EventTable, i: number): number {
  return i + 1 < t.length && t.user[i + 1] === t.user[i] ? i + 1 : -1;
}

const emptyCart: MomentKind<EmptyCartMoment> = {
  name: "empty-cart",
  // Stryker disable next-line StringLiteral: a description for readers; no code reads a moment kind's summary
  summary: "a returning user's first event on a cart that expired while they were away",
  defaultTtl: "24h",
  defaultPolicies: ["history", "covis", "covis:0.5+history:0.5"],
  detect: (t, c) => emptyCartMoments(t, c.ttlMs, c.ttlFrom),
  rowOf: (m) => m.event,
  // seeded with the history before the moment (the expired cart among it); outcomes from the moment's own event
  replayMoment: (t, m) => ({
    event: m.event,
    user: m.user,
    seedEnd: m.event,
    now: t.ts[m.event],
    exclude: [],
    outcomeFrom: m.event,
  }),
};

const addToCart: MomentKind<AddToCartMoment, Detected<AddToCartMoment> & { cartsCreated: number }> = {
  name: "add-to-cart",
  // Stryker disable next-line StringLiteral: a description for readers; no code reads a moment kind's summary
  summary: "every cart_add: the strongest purchase signal, and the time to widen the basket",
  defaultTtl: "24h",
  // complements (what completes a cart, bought together) next to substitutes, the user's own history and popularity
  defaultPolicies: [
    "covis[matrices=covisit|cart2buy,matrix=cart2buy]",
    "covis[matrices=buy2buy,matrix=buy2buy]",
    "covis[matrix=covisit]",
    "history",
    "popular",
  ],
  detect: (t, c) => addToCartMoments(t, c.ttlMs, c.ttlFrom),
  rowOf: (m) => m.event,
  // seeded with the added item and everything before it; never shows what is in the cart; outcomes after the add
  replayMoment: (t, m) => ({
    event: m.event,
    user: m.user,
    seedEnd: m.event + 1,
    now: t.ts[m.event],
    exclude: [m.item, ...m.cartBefore],
    outcomeFrom: nextOfUser(t, m.event),
  }),
};

type AbandonedDetected = Detected<AbandonedCartMoment> & { cartCreatedAt: Float64Array };

const abandonedCart: MomentKind<AbandonedCartMoment, AbandonedDetected> = {
  name: "abandoned-cart",
  // Stryker disable next-line StringLiteral: a description for readers; no code reads a moment kind's summary
  summary: "the last event of a session with cart activity that leaves items in the cart",
  defaultTtl: "7d",
  // the abandoned items (history puts them first), similar and complementary items, and both
  defaultPolicies: ["history", "covis", "covis:0.5+history:0.5"],
  detect: (t, c) => abandonedCartMoments(t, c.ttlMs, c.ttlFrom),
  rowOf: (m) => m.event,
  // the reminder is built at the abandonment, from everything up to it (the abandoned items first for history);
  // its outcomes are measured from the user's return
  replayMoment: (t, m) => ({
    event: m.event,
    user: m.user,
    seedEnd: m.event + 1,
    now: t.ts[m.event],
    exclude: [],
    outcomeFrom: nextOfUser(t, m.event),
  }),
};

const priceDrop: MomentKind<PriceDropMoment, PriceDropDetected> = {
  name: "price-drop",
  // Stryker disable next-line StringLiteral: a description for readers; no code reads a moment kind's summary
  summary: "a price drop of an item the user wishlisted, carted or viewed in the last 60 days and has not bought since",
  defaultTtl: "24h",
  // the alert: the dropped item, the user's other fallen items, then similar items (none for popular)
  defaultPolicies: ["popular", "covis"],
  detect: (t) => priceDropMoments(t),
  rowOf: (m) => m.event,
  timeOf: (_t, m) => m.at,
  // seeded with everything before the drop; outcomes from the user's first event at or after it
  replayMoment: (_t, m) => ({
    event: m.event,
    user: m.user,
    seedEnd: m.event + 1,
    now: m.at,
    exclude: [],
    outcomeFrom: m.outcomeFrom,
  }),
};

/** Every moment kind by name: `cartlift replay <moment>`, evaluate's protocols and pipeline files read this. */
export const MOMENT_KINDS = {
  "empty-cart": emptyCart,
  "add-to-cart": addToCart,
  "abandoned-cart": abandonedCart,
  "price-drop": priceDrop,
} as const;

export type MomentName = keyof typeof MOMENT_KINDS;
export const MOMENT_NAMES = Object.keys(MOMENT_KINDS) as MomentName[];

/** The moment kind `name`; an unknown name is a usage error naming the known ones. */
export function momentKind(name: string, context = "replay"): (typeof MOMENT_KINDS)[MomentName] {
  if (!Object.hasOwn(MOMENT_KINDS, name))
    throw new UsageError(
      `${context}: "${name}" is not a moment; the moments are ${MOMENT_NAMES.join(", ")}`,
      `e.g. cartlift replay ${MOMENT_NAMES[0]} --data <dataset>`,
    );
  return MOMENT_KINDS[name as MomentName];
}
