import type { OffPolicyResult } from "./off-policy.js";

/**
 * The estimated support share from which the point estimators' intervals (replay, IPS, SNIPS, DR, Switch-DR, DRos)
 * would be shown: where, on the validity family (docs/replay.md), they held the truth in at least 90% of the worlds.
 * No band reached it for any of them (the best: DR and SNIPS, 81% at an estimated support of 90% or more; DR 73% at
 * 70-90%; Switch-DR and DRos 25-45%, as they lean on the reward model), so none is shown as a result: the bounds are,
 * which held it in at least 90% of the worlds in every band. Lower it only with a validity table that supports it.
 */
export const MIN_SUPPORT = Infinity;

export interface OffPolicyVerdict {
  /** Whether the replay, IPS, SNIPS, DR, Switch-DR and DRos intervals are shown as results. DM's never is. */
  shown: boolean;
  reason: string;
}

/** Whether an off-policy result may be shown as an estimate, and why (or why not). */
export function offPolicyVerdict(r: OffPolicyResult): OffPolicyVerdict {
  const support = `an estimated ${(Math.max(0, r.support) * 100).toFixed(0)}% of the policy's items were within the logging policy's support`;
  if (r.views === 0) return { shown: false, reason: "no logged views in the period" };
  if (r.support >= MIN_SUPPORT) return { shown: true, reason: support };
  return {
    shown: false,
    reason: `${support}; on simulated shops, the intervals of IPS, SNIPS, DR, Switch-DR and DRos resting on such a log held the truth in at most 81% of the worlds (docs/replay.md#validity-on-a-family-of-simulated-worlds), so only the bounds are shown`,
  };
}
