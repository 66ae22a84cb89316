import type { EventTable } from "../../data/event-table.js";
import { EventKind } from "../../data/event-kind.js";
import type { LoggedSlate } from "../../io/read-exposures.js";
import { historyBefore } from "../policy-slate.js";
import { solveLinear } from "../../stats/linear-solve.js";

/** The reward model's signals of an item at a view, in the order of its coefficients (docs/replay.md). */
export const REWARD_FEATURES = ["intercept", "item rate (logit)", "seen", "carted, not bought", "category share"];

/**
 * A logistic reward model of one shown item's reward (click or order) at a logged view, from signals the event log
 * holds before the view: the item's smoothed logged rate (as a logit), whether the user had the item in their last
 * `maxHistory` events, whether they had carted it without buying it since, and the share of those events in the
 * item's category. Fitted by Newton's method with a small ridge on the logged (view, item) rewards. `predict(view,
 * item)` gives the modelled reward of any item at logged view `view` (an index into `slates`).
 */
export function contextualRewardModel(
  t: EventTable,
  slates: readonly LoggedSlate[],
  reward: "click" | "order",
  itemRate: (item: number) => number,
  maxHistory = 50,
): RewardModel {
  const key = `${reward}:${maxHistory}`;
  const cached = fitted.get(slates)?.get(key);
  if (cached) return cached;
  const contexts = slates.map((s) => viewContext(t, s, maxHistory));
  const features = (view: number, item: number, out: Float64Array) => {
    const c = contexts[view];
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, itemRate(item)));
    out[0] = 1;
    out[1] = Math.log(rate / (1 - rate));
    out[2] = c.seen.has(item) ? 1 : 0;
    out[3] = c.carted.has(item) ? 1 : 0;
    const k = categoryOf(t, item);
    // the history's counts hold no entry for -1 (rows without a category are not counted): an item without one gets 0
    out[4] = c.events > 0 ? (c.categories.get(k) ?? 0) / c.events : 0;
  };
  const p = REWARD_FEATURES.length;
  let n = 0;
  for (const s of slates) n += s.items.length;
  // one flat row-major matrix: a log of a million shown items stays one allocation
  const x = new Float64Array(n * p);
  const ys = new Uint8Array(n);
  let row = 0;
  slates.forEach((s, m) => {
    for (let j = 0; j < s.items.length; j++, row++) {
      features(m, s.items[j], x.subarray(row * p, row * p + p));
      ys[row] = reward === "click" ? s.click[j] : s.order[j];
    }
  });
  const beta = fitLogistic(x, p, ys);
  const f = new Float64Array(REWARD_FEATURES.length);
  const model: RewardModel = {
    coefficients: beta,
    predict: (view, item) => {
      features(view, item, f);
      let z = 0;
      for (let j = 0; j < f.length; j++) z += beta[j] * f[j];
      return 1 / (1 + Math.exp(-z));
    },
  };
  if (!fitted.has(slates)) fitted.set(slates, new Map());
  fitted.get(slates)!.set(key, model);
  return model;
}

export interface RewardModel {
  coefficients: Float64Array;
  predict: (view: number, item: number) => number;
}

// one fit per log and reward: every policy replayed on the same log shares it
const fitted = new WeakMap<readonly LoggedSlate[], Map<string, RewardModel>>();

interface ViewContext {
  seen: Set<number>;
  carted: Set<number>;
  categories: Map<number, number>;
  events: number;
}

function viewContext(t: EventTable, s: LoggedSlate, maxHistory: number): ViewContext {
  const history = historyBefore(t, s.user, s.event, maxHistory);
  const seen = new Set<number>(),
    carted = new Set<number>(),
    categories = new Map<number, number>();
  const from = s.event - history.length;
  history.forEach((h, x) => {
    seen.add(h.item);
    if (h.kind === EventKind.cart_add) carted.add(h.item);
    if (h.kind === EventKind.purchase) carted.delete(h.item);
    const k = t.category[from + x];
    if (k >= 0) categories.set(k, (categories.get(k) ?? 0) + 1);
  });
  return { seen, carted, categories, events: history.length };
}

const categoryCache = new WeakMap<EventTable, Int32Array>();

/** The item's category (its last one in the table, built once per table), -1 when the log has none. */
function categoryOf(t: EventTable, item: number): number {
  let byItem = categoryCache.get(t);
  if (!byItem) {
    byItem = new Int32Array(t.dicts.item.size).fill(-1);
    // Stryker disable next-line EqualityOperator: r <= length reads an undefined category, which is not >= 0
    for (let r = 0; r < t.length; r++) if (t.category[r] >= 0) byItem[t.item[r]] = t.category[r];
    categoryCache.set(t, byItem);
  }
  // Stryker disable next-line UnaryOperator: only a code outside the item dictionary reaches the default
  return byItem[item] ?? -1;
}

/**
 * Ridge-penalised logistic regression (the intercept unpenalised) by Newton's method: `x` holds the rows of `p`
 * features each, row-major; `ys` the 0/1 outcomes. At the returned coefficients the penalised score is zero: the
 * residuals sum to 0 and, for each feature j >= 1, sum (y - mu) x_j = ridge x beta_j.
 */
export function fitLogistic(x: Float64Array, p: number, ys: ArrayLike<number>, ridge = 1e-2): Float64Array {
  const n = ys.length;
  const beta = new Float64Array(p);
  const grad = new Float64Array(p);
  const hess = new Float64Array(p * p);
  // Stryker disable next-line EqualityOperator,UpdateOperator: a cap on the steps; Newton converges in far fewer here
  for (let iteration = 0; iteration < 50; iteration++) {
    grad.fill(0);
    hess.fill(0);
    for (let r = 0; r < n; r++) {
      const o = r * p;
      let z = 0;
      for (let j = 0; j < p; j++) z += beta[j] * x[o + j];
      const mu = 1 / (1 + Math.exp(-z));
      const v = mu * (1 - mu);
      const e = ys[r] - mu;
      // Stryker disable next-line EqualityOperator: j = p only writes past the ends of grad and hess, which is ignored
      for (let j = 0; j < p; j++) {
        const xj = x[o + j];
        grad[j] += e * xj;
        // the lower triangle only; mirrored below
        for (let l = 0; l <= j; l++) hess[j * p + l] += v * xj * x[o + l];
      }
    }
    // Stryker disable next-line EqualityOperator: l <= j also copies the diagonal onto itself
    for (let j = 0; j < p; j++) for (let l = 0; l < j; l++) hess[l * p + j] = hess[j * p + l];
    for (let j = 1; j < p; j++) {
      grad[j] -= ridge * beta[j];
      hess[j * p + j] += ridge;
    }
    // Stryker disable next-line AssignmentOperator: a nudge off an exactly zero pivot; its sign is immaterial
    hess[0] += 1e-9;
    const step = solveLinear(hess, grad, p);
    let change = 0;
    // Stryker disable next-line EqualityOperator: j <= p reads past the end: a NaN change only skips the early stop
    for (let j = 0; j < p; j++) {
      beta[j] += step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: later stops only refine steps under 1e-8
    if (change < 1e-8) break;
  }
  return beta;
}
