/** A price-drop moment: one user of a drop's audience, at the drop's time. */
export interface PriceDropMoment {
  /** The user's last row before the drop: what a policy is seeded with (the user has one: their signal). */
  event: number;
  user: number;
  /** The drop (its index in `drops`), its item and time. */
  drop: number;
  item: number;
  at: number;
  signal: number;
  signalAt: number;
  /** The user's first row at or after the drop (-1: none in the data): where outcomes start. */
  outcomeFrom: number;
}
