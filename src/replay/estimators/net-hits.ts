import type { MomentOutcome } from "../attribution.js";

/**
 * Candidate effect estimators for the no-widget case (docs/replay.md, validity): hit rates net of what the user would
 * have done anyway. A plain hit counts any shown item the user went on to cart or buy; these count only the hits the
 * widget could plausibly have caused:
 * - `novel`: on shown items outside the user's recent history (`seen`): returns to known items would happen anyway;
 * - `unexpired`: on shown items other than the expired cart items: users come back to those without a widget.
 * 1 when the moment has such a hit, else 0.
 */
export function netHit(
  slate: Int32Array,
  outcome: MomentOutcome,
  leaveOut: ReadonlySet<number> | readonly number[],
): number {
  const out = leaveOut instanceof Set ? leaveOut : new Set(leaveOut as readonly number[]);
  for (const i of slate) if (!out.has(i) && (outcome.carted.has(i) || outcome.bought.has(i))) return 1;
  return 0;
}
