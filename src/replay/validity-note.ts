/**
 * The one-line validity note the replay report prints next to its comparison, and what it recommends instead. The
 * figures behind it are in docs/replay.md ("Validity on a family of simulated worlds"), from bench:replay-validity.
 */
export const NO_WIDGET_VALIDITY = {
  note:
    "hit rates measure relevance, not the widget's effect: on 100 simulated shops they named the wrong policy in 28% " +
    "of the pairs, and in 89% where novelty drove the clicks; hit rates net of what users do anyway were wrong in " +
    "50-54%, and in 58-81% outside novelty worlds (docs/replay.md#validity-on-a-family-of-simulated-worlds). " +
    "No policy is marked the winner.",
  recommendation:
    "Which policy would earn more is not identifiable from this log: test it in an experiment (cartlift experiment plan).",
} as const;
