import { pairedBootstrap } from "../stats/bootstrap.js";
import { mean } from "./period-figures.js";
import type { PolicyResult, RateWithInterval } from "./replay-report.js";
import { CASE_STUDY, liftEstimate, type ResponseAssumptions } from "./response-model.js";

/** The assumption grid of every sensitivity table. */
export const SENSITIVITY: ResponseAssumptions[] = [0.01, CASE_STUDY.engagementRate, 0.05].flatMap((engagementRate) =>
  [0.15, CASE_STUDY.clickToOrder, 0.4].map((clickToOrder) => ({ engagementRate, clickToOrder })),
);

/** The paired differences windowRates bootstraps: each later policy's two series against the first policy's. */
export function windowRatePairs(policies: number): [number, number][] {
  return Array.from({ length: Math.max(0, policies - 1) }, (_, q) => q).flatMap(
    (q) =>
      [
        [2 * (q + 1), 0],
        [2 * (q + 1) + 1, 1],
      ] as [number, number][],
  );
}

/** One policy's figures in one window. */
export interface WindowRates {
  hits: PolicyResult["hits"][string];
  lift: PolicyResult["lift"][string];
}

/**
 * One window's hit rates of every policy (moments where a shown item was carted or bought, and bought), with
 * bootstrap intervals over users and each later policy's paired difference to the first, and the response model's
 * money figures with their sensitivity table. `series` holds, per policy, its carted-or-bought then its bought 0/1
 * values per moment; `groupOf` puts each moment in its user's group. The organic share is the policy's bought rate
 * unless given.
 */
export function windowRates(
  series: readonly Float64Array[],
  policies: readonly { meanShownPrice: number }[],
  groupOf: Int32Array,
  groups: number,
  periodRevenue: number,
  o: {
    resamples: number;
    level: number;
    seed: number;
    assumptions: ResponseAssumptions;
    /** The response model's organic share when it is measured apart (abandoned-cart: natural recovery). */
    organicShare?: number;
    /** The bootstrap of `series` with windowRatePairs, when the caller ran it already (with other series' draws). */
    boot?: ReturnType<typeof pairedBootstrap>;
  },
): WindowRates[] {
  const moments = groupOf.length;
  const boot =
    o.boot ??
    pairedBootstrap(series, groupOf, groups, {
      resamples: o.resamples,
      level: o.level,
      seed: o.seed,
      pairs: windowRatePairs(policies.length),
    });
  const rateOf = (s: number, q: number): RateWithInterval => {
    const rate = mean(series[s]);
    const out: RateWithInterval = { rate, low: boot.means[s].low, high: boot.means[s].high };
    if (q > 0) {
      const d = boot.differences[2 * (q - 1) + (s % 2)];
      out.vsBaseline = {
        diff: rate - mean(series[s % 2]),
        low: d.low,
        high: d.high,
        significant: d.low > 0 || d.high < 0,
      };
    }
    return out;
  };
  return policies.map((p, q) => {
    const organic = o.organicShare ?? mean(series[2 * q + 1]);
    const estimate = liftEstimate(moments, organic, p.meanShownPrice, o.assumptions);
    return {
      hits: { cartedOrBought: rateOf(2 * q, q), bought: rateOf(2 * q + 1, q) },
      lift: {
        ...estimate,
        shareOfPeriodRevenue: periodRevenue > 0 ? estimate.revenue / periodRevenue : 0,
        sensitivity: SENSITIVITY.map((a) => {
          const e = liftEstimate(moments, organic, p.meanShownPrice, a);
          return { ...a, incrementalOrders: e.incrementalOrders, incrementalRevenue: e.incrementalRevenue };
        }),
      },
    };
  });
}
