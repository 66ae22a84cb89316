/**
 * What a replay's figures rest on, said in words when it is thin: fewer than 30 moments or 30 users (rates and
 * intervals from so few are unstable), or no moments at all with the real cause (no cart events in the log,
 * moments only before the period, or a TTL that never expires).
 */

/** Below this many moments or users a replay's rates are flagged as resting on a small sample. */
export const SMALL_SAMPLE = 30;

export interface ReplayFacts {
  moments: number;
  users: number;
  momentsBeforePeriod: number;
  /** cart_add events in the whole log. */
  cartAdds: number;
  cartTtlHours: number;
  windows: readonly string[];
}

export function replayWarnings(f: ReplayFacts): string[] {
  if (f.moments === 0) {
    if (f.cartAdds === 0)
      return [
        "the log has no cart_add events, so no cart can expire and there are no empty-cart moments; " +
          "if the shop logs cart adds under another name, map it at ingest (--events cart_add=<name>)",
      ];
    if (f.momentsBeforePeriod > 0)
      return [`no empty-cart moments in the period, but ${f.momentsBeforePeriod} before it: move --since earlier`];
    return [
      `no empty-cart moments: no cart waited ${f.cartTtlHours} h between activities; shorten --ttl to replay shorter absences`,
    ];
  }
  if (f.moments < SMALL_SAMPLE || f.users < SMALL_SAMPLE)
    return [
      `a small sample: ${f.moments} moments of ${f.users} users (fewer than ${SMALL_SAMPLE}) in each window ` +
        `(${f.windows.join(", ")}); the rates and intervals are unstable: widen the period (--since earlier)`,
    ];
  return [];
}
