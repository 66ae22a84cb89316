/** The built-in segments: names, codes and the parameters of their definitions (docs/segments.md). */

export const LIFECYCLE_STAGES = ["new-visitor", "returning-visitor", "first-time-buyer", "repeat-buyer"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];
/** The lifecycle code of a user with no event before the point in time. */
export const ABSENT = 255;

export const INTENT_SEGMENTS = [
  "cart-abandoner",
  "wishlister-not-carter",
  "category-browser",
  "price-watcher",
  "lapsing-loyal",
  "dormant",
] as const;
export type IntentSegment = (typeof INTENT_SEGMENTS)[number];
export const Intent = {
  cartAbandoner: 0,
  wishlisterNotCarter: 1,
  categoryBrowser: 2,
  priceWatcher: 3,
  lapsingLoyal: 4,
  dormant: 5,
} as const;

/** The eleven RFM customer groups, in the order the reports list them. */
export const RFM_GROUPS = [
  "champions",
  "loyal",
  "potential-loyalist",
  "new",
  "promising",
  "need-attention",
  "about-to-sleep",
  "at-risk",
  "cannot-lose",
  "hibernating",
  "lost",
] as const;
export type RfmGroup = (typeof RFM_GROUPS)[number];

const DAY = 86_400_000;

/** Every threshold of the built-in definitions; each has a flag and a `params` field in the rules file. */
export interface SegmentParams {
  /** cart-abandoner: the last cart session ended within this long before the point in time. */
  cartWindowMs: number;
  /** wishlister-not-carter: wishlisted within this window. */
  wishlistWindowMs: number;
  /** category-browser: this many views in one category... */
  categoryViews: number;
  /** ...within this window. */
  categoryWindowMs: number;
  /** price-watcher: the same item viewed on this many different UTC days... */
  priceWatchDays: number;
  /** ...within this window (also the window for seeing one item at two prices). */
  priceWatchWindowMs: number;
  /** lapsing-loyal: at least this many orders... */
  loyalOrders: number;
  /** ...and no order for more than this multiple of the median gap between orders. */
  lapseFactor: number;
  /** dormant: no event for this long. */
  dormantMs: number;
  /** The window after the point in time in which purchases and revenue are counted. */
  horizonMs: number;
}

export const SEGMENT_DEFAULTS: SegmentParams = {
  cartWindowMs: 7 * DAY,
  wishlistWindowMs: 30 * DAY,
  categoryViews: 5,
  categoryWindowMs: 7 * DAY,
  priceWatchDays: 3,
  priceWatchWindowMs: 14 * DAY,
  loyalOrders: 3,
  lapseFactor: 2,
  dormantMs: 90 * DAY,
  horizonMs: 7 * DAY,
};
