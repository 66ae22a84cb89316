import type { Recommendation, Recommender } from "../models/recommender.js";
import type { EvalCase } from "./eval-case.js";
import { METRICS } from "./metrics/index.js";
import { relevantRanks } from "./metrics/relevant-ranks.js";

/** Per-case metric values of one model, and list-level figures. */
export interface CaseScores {
  /** values[m * ks.length + j][c]: metric m at ks[j] for case c. */
  values: Float64Array[];
  /** Top-k item codes of every case (stride: the largest k, padded with -1). */
  lists: Int32Array;
  seconds: number;
}

/**
 * Asks the model for every case's top max(ks) (no exclusions but the case's own, e.g. add-to-cart's cart: re-visits
 * count) and scores the lists.
 * `answers`, when given, holds the model's answers already computed in a batch (item2vec's dense path).
 */
export function scoreCases(
  model: Recommender,
  cases: readonly EvalCase[],
  ks: readonly number[],
  onProgress?: (done: number, total: number) => void,
  answers?: readonly Recommendation[],
): CaseScores {
  const started = performance.now();
  const maxK = ks[ks.length - 1];
  const values = Array.from({ length: METRICS.length * ks.length }, () => new Float64Array(cases.length));
  const lists = new Int32Array(cases.length * maxK).fill(-1);
  const ranks = new Int32Array(maxK);
  for (let c = 0; c < cases.length; c++) {
    const e = cases[c];
    // a case with exclusions is asked on its own (batch answers know none)
    const r =
      (e.exclude ? undefined : answers?.[c]) ??
      model.recommend(
        e.history,
        e.exclude ? { k: maxK, now: e.now, exclude: new Set(e.exclude) } : { k: maxK, now: e.now },
      );
    lists.set(r.items.subarray(0, maxK), c * maxK);
    const targets = new Set(e.targets);
    const found = relevantRanks(lists, c * maxK, maxK, targets, ranks);
    for (let m = 0; m < METRICS.length; m++) {
      for (let j = 0; j < ks.length; j++)
        values[m * ks.length + j][c] = METRICS[m].fn(ranks, found, targets.size, ks[j]);
    }
    if (onProgress && (c & 1023) === 1023) onProgress(c + 1, cases.length);
  }
  onProgress?.(cases.length, cases.length);
  return { values, lists, seconds: (performance.now() - started) / 1000 };
}
