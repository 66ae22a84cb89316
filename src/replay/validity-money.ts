/**
 * The range of the money figures (predicted orders and revenue) when no widget was logged: the response model gives
 * every policy the shop's engagement, and a policy's own engagement differs from it. The factor is how far, on the
 * validity family (docs/replay.md): the 2.5% and 97.5% quantiles of true orders / the response model's orders, with
 * the model set to each world's true engagement and click-to-order rate, over 400 (world, policy) cases of 100
 * worlds (`npm run bench:replay-validity -- --first-seed 1001`), which are not the worlds the range is then checked
 * on (seeds 1-25). It assumes the shop's engagement rate is right (the sensitivity table varies it) and the shop is
 * like the family's worlds.
 */
export const MONEY_FACTOR = { low: 0.45, high: 1.71, level: 0.95 } as const;

export interface Range {
  low: number;
  high: number;
}

/** The range of a money figure (orders, revenue, incremental ones) predicted by the response model. */
export function moneyRange(value: number): Range {
  return { low: value * MONEY_FACTOR.low, high: value * MONEY_FACTOR.high };
}
