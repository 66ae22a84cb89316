/** The rules of a price drop (docs/prices.md), with the defaults. */
export interface DropRules {
  /** A drop is a price at least this share below the reference price (0.1: 10%). */
  minDrop: number;
  /** The reference price is the median of the prices seen this long before an event (ms). */
  referenceWindowMs: number;
  /** Priced events the reference needs in its window. */
  minObservations: number;
  /** After a drop, a price at or above this share of the drop's reference restores the item. */
  restoreShare: number;
}

export const DAY_MS = 86_400_000;

export const DROP_DEFAULTS: DropRules = {
  minDrop: 0.1,
  referenceWindowMs: 14 * DAY_MS,
  minObservations: 3,
  restoreShare: 0.95,
};
