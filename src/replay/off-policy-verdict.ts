import type { OffPolicyResult } from "./off-policy.js";

/**
 * The estimated support share from which off-policy intervals are shown: below it, part of the new policy's slate was
 * never shown by the logging policy, so every estimator rests on a guess for it, and on the validity family their
 * intervals missed the truth too often (docs/replay.md, validity). The threshold comes from that table.
 */
export const MIN_SUPPORT = 0.9;

export interface OffPolicyVerdict {
  /** Whether the IPS, SNIPS, replay and DR intervals are shown as results. DM's never is. */
  shown: boolean;
  reason: string;
}

/** Whether an off-policy result may be shown as an estimate, and why (or why not). */
export function offPolicyVerdict(r: OffPolicyResult): OffPolicyVerdict {
  if (r.views === 0) return { shown: false, reason: "no logged views in the period" };
  if (r.support >= MIN_SUPPORT)
    return {
      shown: true,
      reason: `an estimated ${(r.support * 100).toFixed(0)}% of the policy's items were within the logging policy's support`,
    };
  return {
    shown: false,
    reason: `only an estimated ${(Math.max(0, r.support) * 100).toFixed(0)}% of the policy's items were ever shown by the logging policy (below ${MIN_SUPPORT * 100}%): the rest would rest on the reward model's guess; the bounds hold without it`,
  };
}
