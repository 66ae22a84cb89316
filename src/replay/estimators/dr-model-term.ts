import type { Estimate } from "../estimate.js";
import { supportBand } from "../support-bands.js";

/**
 * DR with a model-uncertainty term: DR's bootstrap interval holds the reward model fixed, and the model is what
 * answers for the items outside the logging support. The term widens each side by kappa x the model's value on
 * those items (its mean value of the new slate x the estimated unsupported share).
 *
 * Kappa, per support band, is the 90th percentile of the kappa each (world, policy) case of the band needed to hold
 * its truth, over 400 cases of 100 worlds of the validity family (`npm run bench:replay-validity -- --worlds 100
 * --first-seed 1001 --skip-speed`), which are not the worlds it is checked on (seeds 1-25, docs/replay.md). Only
 * the bands where the widened interval stays well inside the bounds have one: below 0.5 the needed kappa ran to
 * 28 and more, and at 0.9 or more the unsupported share is too small to carry DR's own misses (kappa 16).
 */
export const MODEL_TERM_KAPPA: Readonly<Record<string, number>> = { "0.5-0.7": 1.41, "0.7-0.9": 4.59 };

/** The model's value on the unsupported items, per view: the mean DM value x the estimated unsupported share. */
export function unsupportedModelValue(dm: number, support: number): number {
  return Math.max(0, dm) * Math.min(1, Math.max(0, 1 - support));
}

/**
 * DR's interval widened by its band's kappa x the model's value on the unsupported items (never below 0); undefined
 * in a band without a calibrated kappa.
 */
export function drWithModelTerm(
  dr: Estimate,
  unsupported: number,
  support: number,
  kappas: Readonly<Record<string, number>> = MODEL_TERM_KAPPA,
): Estimate | undefined {
  const kappa = kappas[supportBand(support)];
  if (kappa === undefined) return undefined;
  return { value: dr.value, low: Math.max(0, dr.low - kappa * unsupported), high: dr.high + kappa * unsupported };
}

/** The least kappa at which the widened interval holds `truth` (0 when DR's own interval does). */
export function neededKappa(dr: Estimate, unsupported: number, truth: number): number {
  const miss = Math.max(dr.low - truth, truth - dr.high, 0);
  if (miss === 0) return 0;
  return miss / unsupported; // a miss with no unsupported value to widen by needs an infinite kappa: miss / 0
}
