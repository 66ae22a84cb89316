import type { Estimate, OffPolicyResult } from "./off-policy.js";
import { drWithModelTerm, MODEL_TERM_KAPPA } from "./estimators/dr-model-term.js";
import { supportBand } from "./support-bands.js";

/**
 * The estimated support share from which the point estimators' intervals (replay, IPS, SNIPS, DR, Switch-DR, DRos)
 * would be shown: where, on the validity family (docs/replay.md), they held the truth in at least 90% of the worlds.
 * No band reached it for any of them (the best: DR and SNIPS, 81% at an estimated support of 90% or more; DR 73% at
 * 70-90%; Switch-DR and DRos 25-45%, as they lean on the reward model), so none is shown as a result: the bounds are,
 * which held it in at least 90% of the worlds in every band. Lower it only with a validity table that supports it.
 */
export const MIN_SUPPORT = Infinity;

/**
 * DR with its model-uncertainty term, per support band with a calibrated kappa: the share of the band's (world,
 * policy) cases whose truth it held on the check worlds of the validity family (seeds 1-25 of each type, not those
 * kappa was calibrated on; docs/replay.md): 41 of 56 at 0.5-0.7, 184 of 205 at 0.7-0.9. It is shown in a band only
 * where that share is at least 90%: in none today.
 */
export const MODEL_TERM_CHECKED: Readonly<Record<string, { held: number; cases: number }>> = {
  "0.5-0.7": { held: 41, cases: 56 },
  "0.7-0.9": { held: 184, cases: 205 },
};

export interface OffPolicyVerdict {
  /** Whether the replay, IPS, SNIPS, DR, Switch-DR and DRos intervals are shown as results. DM's never is. */
  shown: boolean;
  reason: string;
  /** DR's interval widened by its model-uncertainty term, where the family supports it; else why not. */
  modelTerm: { interval?: Estimate; reason: string };
}

/** Whether an off-policy result may be shown as an estimate, and why (or why not). */
export function offPolicyVerdict(r: OffPolicyResult): OffPolicyVerdict {
  const support = `an estimated ${(Math.max(0, r.support) * 100).toFixed(0)}% of the policy's items were within the logging policy's support`;
  if (r.views === 0)
    return { shown: false, reason: "no logged views in the period", modelTerm: { reason: "no logged views" } };
  const modelTerm = modelTermVerdict(r);
  if (r.support >= MIN_SUPPORT) return { shown: true, reason: support, modelTerm };
  return {
    modelTerm,
    shown: false,
    reason: `${support}; on simulated shops, the intervals of IPS, SNIPS, DR, Switch-DR and DRos resting on such a log held the truth in at most 81% of the worlds (docs/replay.md#validity-on-a-family-of-simulated-worlds), so only the bounds are shown`,
  };
}

/** DR with its model-uncertainty term: shown in the bands the validity family supports, with what it rests on. */
function modelTermVerdict(r: OffPolicyResult): OffPolicyVerdict["modelTerm"] {
  const band = supportBand(r.support);
  const checked = MODEL_TERM_CHECKED[band];
  const interval = drWithModelTerm(r.estimates.dr, r.unsupportedModel, r.support);
  const doc = "docs/replay.md#validity-on-a-family-of-simulated-worlds";
  if (!checked || !interval) return { reason: `not calibrated for an estimated support of ${band} (${doc})` };
  const share = checked.held / checked.cases;
  const what =
    `DR's interval widened by ${MODEL_TERM_KAPPA[band]} x the reward model's value on the unsupported items ` +
    `(${r.unsupportedModel.toFixed(4)} per view) held the truth in ${(share * 100).toFixed(1)}% of simulated shops ` +
    `at an estimated support of ${band}, on shops it was not calibrated on (${doc})`;
  if (share < 0.9) return { reason: `${what}: below 90%` };
  return { interval, reason: `${what}: it assumes this shop is like them` };
}
