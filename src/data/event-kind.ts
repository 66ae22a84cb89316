/**
 * Canonical event types. The code is the index, stored as Int8 dictionary indices in the dataset;
 * never reorder (append only) since datasets on disk depend on it.
 * `return` is a purchase reversal (e.g. a cancelled invoice line); most models ignore it.
 * `checkout` is the start of a checkout (GA4 begin_checkout, Segment "Checkout Started"): cart activity that neither
 * adds nor removes an item (code 7, appended so that datasets and model files written before it keep their codes).
 */
export const EVENT_KINDS = [
  "view",
  "cart_add",
  "cart_remove",
  "wishlist_add",
  "wishlist_remove",
  "purchase",
  "return",
  "checkout",
] as const;

export type EventKindName = (typeof EVENT_KINDS)[number];

export const EventKind = {
  view: 0,
  cart_add: 1,
  cart_remove: 2,
  wishlist_add: 3,
  wishlist_remove: 4,
  purchase: 5,
  return: 6,
  checkout: 7,
} as const satisfies Record<EventKindName, number>;

export function eventKindCode(name: string): number {
  const i = (EVENT_KINDS as readonly string[]).indexOf(name);
  return i;
}

export function isEventKindName(name: string): name is EventKindName {
  return eventKindCode(name) >= 0;
}
