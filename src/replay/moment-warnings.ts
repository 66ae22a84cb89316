import { SMALL_SAMPLE } from "./replay-warnings.js";

/**
 * The warnings of the add-to-cart and abandoned-cart replays, in the words of empty-cart's (replay-warnings.ts): no
 * moments and why (no cart events in the log, or all before the period), or a small sample.
 */
export function momentWarnings(f: {
  moment: string;
  moments: number;
  users: number;
  momentsBeforePeriod: number;
  cartAdds: number;
  windows: readonly string[];
}): string[] {
  if (f.moments === 0) {
    if (f.cartAdds === 0)
      return [
        `the log has no cart_add events, so there are no ${f.moment} moments; if the shop logs cart adds under ` +
          "another name, map it at ingest (--events cart_add=<name>)",
      ];
    if (f.momentsBeforePeriod > 0)
      return [`no ${f.moment} moments in the period, but ${f.momentsBeforePeriod} before it: move --since earlier`];
    return [`no ${f.moment} moments in the period`];
  }
  if (f.moments < SMALL_SAMPLE || f.users < SMALL_SAMPLE)
    return [
      `a small sample: ${f.moments} moments of ${f.users} users (fewer than ${SMALL_SAMPLE}) in each window ` +
        `(${f.windows.join(", ")}); the rates and intervals are unstable: widen the period (--since earlier)`,
    ];
  return [];
}
