import { CartliftError, EXIT } from "../../errors.js";
import { pairedBootstrap, type Interval } from "../../stats/bootstrap.js";
import type { RankingRows } from "./train-ranker.js";

/** The cut-off of the guard's figures: the top 20, as the benches and docs/rerank.md report. */
export const GUARD_K = 20;

/** The trained ranker against co-visitation's own order, on the validation slice (docs/rerank.md, "Baseline guard"). */
export interface BaselineCheck {
  /** Validation queries compared (each has a target among its candidates), and the sessions they come from. */
  queries: number;
  sessions: number;
  k: number;
  ranker: { mrr: number; hitRate: number };
  baseline: { mrr: number; hitRate: number };
  /** Paired 95% bootstrap intervals (sessions resampled) of ranker minus baseline. */
  mrrDifference: Interval & { mean: number };
  hitRateDifference: Interval & { mean: number };
}

/**
 * Ranks each validation query's candidates by the ranker's scores and by the baseline column (co-visitation's own
 * order, `model_rank`: larger is better; candidates outside its top N keep their row order after it), and compares the
 * first target's reciprocal rank and hit at GUARD_K, paired per query. Ties go to the earlier row in both orders, so
 * neither side gains from them. `val` holds the validation queries' rows only (sliceQueries), `scores` the ranker's
 * score of each of those rows, `sessionOf` each query's session key (sessions are resampled together).
 */
export function checkAgainstBaseline(
  val: RankingRows,
  scores: Float32Array,
  sessionOf: ArrayLike<number>,
  baselineColumn: number,
  seed: number,
): BaselineCheck {
  const F = val.F;
  const Q = val.offsets.length - 1;
  const base = new Float32Array(val.labels.length);
  for (let r = 0; r < base.length; r++) base[r] = val.x[r * F + baselineColumn];
  const rr = [new Float64Array(Q), new Float64Array(Q)];
  const hit = [new Float64Array(Q), new Float64Array(Q)];
  for (let q = 0; q < Q; q++)
    [scores, base].forEach((s, side) => {
      const at = firstTargetRank(s, val.labels, val.offsets[q], val.offsets[q + 1]);
      rr[side][q] = at <= GUARD_K ? 1 / at : 0;
      hit[side][q] = at <= GUARD_K ? 1 : 0;
    });
  const groups = denseGroups(sessionOf);
  const boot = pairedBootstrap([rr[0], rr[1], hit[0], hit[1]], groups.of, groups.count, {
    resamples: 1000,
    level: 0.95,
    seed,
    pairs: [
      [0, 1],
      [2, 3],
    ],
  });
  const mean = (a: Float64Array) => (a.length > 0 ? a.reduce((s, x) => s + x, 0) / a.length : 0);
  return {
    queries: Q,
    sessions: groups.count,
    k: GUARD_K,
    ranker: { mrr: mean(rr[0]), hitRate: mean(hit[0]) },
    baseline: { mrr: mean(rr[1]), hitRate: mean(hit[1]) },
    mrrDifference: { mean: mean(rr[0]) - mean(rr[1]), ...boot.differences[0] },
    hitRateDifference: { mean: mean(hit[0]) - mean(hit[1]), ...boot.differences[1] },
  };
}

/**
 * The error for a ranker worse than co-visitation's own order beyond the noise on MRR@20 or HR@20 (the interval of the
 * difference wholly below 0) unless the other figure's interval lies wholly at or above 0: a collapse, not a trade-off
 * (a ranker that finds more targets in the top 20 but ranks them a little lower passes; docs/rerank.md, "Baseline
 * guard").
 */
export function rankerBelowBaseline(check: BaselineCheck, seed: number): CartliftError | null {
  const { mrrDifference: m, hitRateDifference: h } = check;
  const worse = (d: Interval) => d.high < 0;
  const notWorse = (d: Interval) => d.low >= 0;
  if (!((worse(m) && !notWorse(h)) || (worse(h) && !notWorse(m)))) return null;
  const f = (x: number) => x.toFixed(4);
  const diff = (d: Interval & { mean: number }) => `${f(d.mean)} [${f(d.low)}, ${f(d.high)}]`;
  return new CartliftError(
    "ranker_below_baseline",
    `rerank: the trained ranker ranks worse than co-visitation's own order on the ${check.queries} validation ` +
      `queries: MRR@${check.k} ${f(check.ranker.mrr)} against ${f(check.baseline.mrr)}, difference ${diff(m)}; ` +
      `HR@${check.k} ${f(check.ranker.hitRate)} against ${f(check.baseline.hitRate)}, difference ${diff(h)} ` +
      "(95%, sessions resampled); no model was written",
    `train again with another --ranker-seed (now ${seed}), --loss softmax, or fewer candidates; ` +
      "--baseline-guard off keeps such a ranker anyway (in a spec: rerank[baseline-guard=off])",
    EXIT.gate,
  );
}

/** One log line: the two orders' MRR and hit rate on the validation slice, and the paired difference. */
export function baselineSummary(c: BaselineCheck): string {
  const f = (x: number) => x.toFixed(4);
  const d = c.mrrDifference;
  const h = c.hitRateDifference;
  return (
    `validation (${c.queries} queries, ${c.sessions} sessions): ranker MRR@${c.k} ${f(c.ranker.mrr)}, ` +
    `HR@${c.k} ${f(c.ranker.hitRate)}; co-visitation's own order ${f(c.baseline.mrr)}, ${f(c.baseline.hitRate)}; ` +
    `MRR difference ${f(d.mean)} [${f(d.low)}, ${f(d.high)}], ` +
    `HR difference ${f(h.mean)} [${f(h.low)}, ${f(h.high)}]`
  );
}

/** 1-based position of the first row with a label above 0 in [from, to) ordered by score (ties: earlier row first). */
export function firstTargetRank(scores: Float32Array, labels: Float32Array, from: number, to: number): number {
  let best = Infinity;
  for (let r = from; r < to; r++) {
    if (!(labels[r] > 0)) continue;
    let above = 0;
    for (let o = from; o < to; o++) if (scores[o] > scores[r] || (scores[o] === scores[r] && o < r)) above++;
    best = Math.min(best, above + 1);
  }
  return best;
}

/** Session keys -> dense group numbers in first-seen order. */
function denseGroups(keys: ArrayLike<number>): { of: Int32Array; count: number } {
  const index = new Map<number, number>();
  const of = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    let g = index.get(keys[i]);
    if (g === undefined) index.set(keys[i], (g = index.size));
    of[i] = g;
  }
  return { of, count: index.size };
}
