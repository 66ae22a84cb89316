/**
 * The one-line validity note the replay report prints next to its comparison, and what it recommends instead. The
 * figures behind it are in docs/replay.md ("Validity on a family of simulated worlds"), from bench:replay-validity.
 */
export const NO_WIDGET_VALIDITY = {
  note:
    "Hit rates measure relevance, not the widget's effect: on simulated shops they named the wrong policy in about " +
    "a quarter of the pairs, and in most pairs where novelty drives clicks (docs/replay.md#validity-on-a-family-of-simulated-worlds). " +
    "No policy is marked the winner.",
  recommendation:
    "Which policy would earn more is not identifiable from this log: test it in an experiment (cartlift experiment plan).",
} as const;
