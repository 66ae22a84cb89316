import { pairedBootstrap } from "../stats/bootstrap.js";
import type { LoggedSlate } from "../io/read-exposures.js";
import type { EventTable } from "../data/event-table.js";
import { contextualRewardModel } from "./estimators/reward-model.js";
import { dros } from "./estimators/dros.js";
import type { MatchedItems } from "./estimators/matched-items.js";
import { switchDr } from "./estimators/switch-dr.js";
import { unsupportedModelValue } from "./estimators/dr-model-term.js";

export type { Estimate } from "./estimate.js";
import type { Estimate } from "./estimate.js";

export const ESTIMATORS = ["replay", "ips", "snips", "dm", "dr", "switch", "dros"] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];

export interface OffPolicyResult {
  views: number;
  /**
   * Share of the new policy's shown items that the logging policy also showed at that view (support seen in the log).
   */
  overlap: number;
  /**
   * Estimated share of the new policy's items inside the logging policy's support: the IPS estimate of the number of
   * its items the logging policy could show (sum of 1 / propensity over the matched items), over its slate size.
   * Unbiased; near 1 when the new policy stays inside the support, near the overlap's share of it when it does not.
   */
  support: number;
  /**
   * Bounds that hold without a reward model: from IPS's lower end (the supported items' rewards) to its upper end plus
   * the unsupported items, each at most the highest logged item rate. Value: the middle.
   */
  bounds: Estimate;
  /** The logging policy's own value, measured. */
  logging: Estimate;
  estimates: Record<EstimatorName, Estimate>;
  /** Doubly robust estimate minus the logging policy's value, paired. */
  liftOverLogging: Estimate;
  /** The reward model's value on the new slate's unsupported items, per view (estimators/dr-model-term.ts). */
  unsupportedModel: number;
  /**
   * The shrinkage estimators' tuned parameters: Switch-DR's weight threshold, DRos's lambda. Infinity means DR (JSON
   * writes it as null).
   */
  tuning: { switchTau: number; drosLambda: number };
}

/**
 * Off-policy estimates of a new policy's expected reward (clicks or orders) per widget view from
 * logged slates (docs/replay.md). Rewards are taken per shown item, independent of position:
 * - replay (Li et al. 2011): the mean reward of logged items the new policy would also show, x its slate size;
 * - IPS: per view, the sum over logged items the new policy shows of reward / propensity;
 * - SNIPS: IPS self-normalised by its weights (x slate size);
 * - DM: the sum over the new slate of a per-item reward model (smoothed logged rate);
 * - DR: DM plus the IPS-weighted residuals of the model on the logged items;
 * - Switch-DR and DRos (Su et al. 2020): DR with the weights cut above a threshold or shrunk, tuned on the log by
 *   their estimated mean squared error (src/replay/estimators/).
 * Intervals: percentile bootstrap over users (`group`), paired across estimators, with the tuned parameters fixed.
 */
export function offPolicy(
  slates: readonly LoggedSlate[],
  newSlates: readonly Int32Array[],
  reward: "click" | "order",
  group: Int32Array,
  groups: number,
  o: { resamples: number; level: number; seed: number; table?: EventTable },
): OffPolicyResult {
  const { logging, ips, weight, dm, dr, matchedReward, matched, lift, slateSize, overlap, items } = offPolicySeries(
    slates,
    newSlates,
    reward,
    o.table,
  );
  const n = slates.length;
  const switched = switchDr(dm, items);
  const shrunk = dros(dm, items);
  // series: 0 logging, 1 ips, 2 dm, 3 dr, 4 weight, 5 matched reward, 6 matched, 7 lift, 8 switch, 9 dros
  const series = [logging, ips, dm, dr, weight, matchedReward, matched, lift, switched.series, shrunk.series];
  const boot = pairedBootstrap(series, group, groups, {
    ...o,
    pairs: [],
    ratios: [
      [1, 4],
      [5, 6],
    ],
  });
  const est = (series: Float64Array, i: number): Estimate => ({
    value: mean(series),
    low: boot.means[i].low,
    high: boot.means[i].high,
  });
  const ratio = (num: Float64Array, den: Float64Array, r: number): Estimate => {
    const d = sum(den);
    return {
      value: d > 0 ? (sum(num) / d) * slateSize : 0,
      low: boot.ratios[r].low * slateSize,
      high: boot.ratios[r].high * slateSize,
    };
  };
  const support = slateSize > 0 ? mean(weight) / slateSize : 0;
  const ips_ = est(ips, 1);
  // partial identification: IPS counts the supported items' rewards (rewards are >= 0, so the value is at least
  // that); each unsupported item adds between 0 and the highest logged item rate (an assumption, stated in the docs)
  const unsupported = Math.max(0, 1 - support) * slateSize * highestItemRate(slates, reward);
  return {
    views: n,
    overlap,
    support,
    bounds: { value: ips_.value + unsupported / 2, low: ips_.low, high: ips_.high + unsupported },
    logging: est(logging, 0),
    estimates: {
      replay: ratio(matchedReward, matched, 1),
      ips: est(ips, 1),
      snips: ratio(ips, weight, 0),
      dm: est(dm, 2),
      dr: est(dr, 3),
      switch: est(switched.series, 8),
      dros: est(shrunk.series, 9),
    },
    liftOverLogging: est(lift, 7),
    unsupportedModel: unsupportedModelValue(mean(dm), support),
    tuning: { switchTau: switched.tau, drosLambda: shrunk.lambda },
  };
}

/** Per logged view: the logged reward, the estimators' terms and the new policy's matched items (docs/replay.md). */
export interface OffPolicySeries {
  logging: Float64Array;
  ips: Float64Array;
  /** Sum of 1 / propensity over the logged items the new policy shows (the IPS weight). */
  weight: Float64Array;
  dm: Float64Array;
  dr: Float64Array;
  matchedReward: Float64Array;
  matched: Float64Array;
  /** DR minus the logged reward. */
  lift: Float64Array;
  /** The new policy's mean slate size. */
  slateSize: number;
  /** Share of the new policy's items that the logging policy also showed at that view. */
  overlap: number;
  /** The matched logged items' weights and residuals (the doubly robust corrections). */
  items: MatchedItems;
}

/**
 * The per-view series every estimator is a mean (or a ratio of means) of. With the event table, the reward model is
 * the contextual one (src/replay/estimators/reward-model.ts); without it, the smoothed logged rate of each item.
 */
export function offPolicySeries(
  slates: readonly LoggedSlate[],
  newSlates: readonly Int32Array[],
  reward: "click" | "order",
  table?: EventTable,
): OffPolicySeries {
  const n = slates.length;
  const rates = itemRates(slates, reward);
  const contextual = table ? contextualRewardModel(table, slates, reward, rates) : undefined;
  const model = (view: number, item: number) => (contextual ? contextual.predict(view, item) : rates(item));
  const logging = new Float64Array(n),
    ips = new Float64Array(n),
    weight = new Float64Array(n),
    dm = new Float64Array(n),
    dr = new Float64Array(n);
  const matchedReward = new Float64Array(n),
    matched = new Float64Array(n),
    lift = new Float64Array(n);
  let overlapping = 0,
    k = 0;
  const itemView: number[] = [],
    itemWeight: number[] = [],
    itemResidual: number[] = [];
  slates.forEach((s, m) => {
    const mine = new Set(newSlates[m]);
    k += mine.size;
    for (const item of mine) dm[m] += model(m, item);
    for (let x = 0; x < s.items.length; x++) {
      const r = reward === "click" ? s.click[x] : s.order[x];
      logging[m] += r;
      if (!mine.has(s.items[x])) continue;
      overlapping++;
      const w = 1 / s.propensity[x];
      ips[m] += w * r;
      weight[m] += w;
      matched[m]++;
      matchedReward[m] += r;
      const residual = r - model(m, s.items[x]);
      dr[m] += w * residual;
      itemView.push(m);
      itemWeight.push(w);
      itemResidual.push(residual);
    }
    dr[m] += dm[m];
    lift[m] = dr[m] - logging[m];
  });
  return {
    logging,
    ips,
    weight,
    dm,
    dr,
    matchedReward,
    matched,
    lift,
    slateSize: n > 0 ? k / n : 0,
    overlap: k > 0 ? overlapping / k : 0,
    items: {
      view: Int32Array.from(itemView),
      weight: Float64Array.from(itemWeight),
      residual: Float64Array.from(itemResidual),
    },
  };
}

/** A per-item reward model: the logged rate, smoothed toward the overall rate (10 pseudo-views). */
function itemRates(slates: readonly LoggedSlate[], reward: "click" | "order"): (item: number) => number {
  const shows = new Map<number, number>();
  const hits = new Map<number, number>();
  let total = 0,
    totalHits = 0;
  for (const s of slates)
    for (let x = 0; x < s.items.length; x++) {
      const r = reward === "click" ? s.click[x] : s.order[x];
      shows.set(s.items[x], (shows.get(s.items[x]) ?? 0) + 1);
      hits.set(s.items[x], (hits.get(s.items[x]) ?? 0) + r);
      total++;
      totalHits += r;
    }
  const prior = total > 0 ? totalHits / total : 0;
  return (item) => ((hits.get(item) ?? 0) + 10 * prior) / ((shows.get(item) ?? 0) + 10);
}

/** The highest smoothed per-item rate among the logged items (the bounds' assumed ceiling for unlogged ones). */
function highestItemRate(slates: readonly LoggedSlate[], reward: "click" | "order"): number {
  const model = itemRates(slates, reward);
  let best = 0;
  for (const s of slates) for (const item of s.items) best = Math.max(best, model(item));
  return best;
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s;
}

function mean(a: Float64Array): number {
  return a.length ? sum(a) / a.length : 0;
}
