import type { Draw } from "../data/distributions.js";
import type { WidgetConfig } from "./sim-config.js";
import { affinity, type World } from "./world.js";

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** What the click model knows of a moment besides the user: the expired items, and those in the recorded history. */
export interface MomentContext {
  expired: ReadonlySet<number>;
  seen: ReadonlySet<number>;
}

/** The context of a moment from its expired items and its recorded history (the last MOMENT_HISTORY_EVENTS events). */
export function momentContext(expired: readonly number[], history: readonly { item: number }[]): MomentContext {
  return { expired: new Set(expired), seen: new Set(history.map((h) => h.item)) };
}

/**
 * The true chance that a user clicks an item shown in the widget: it rises with their true affinity, and, in worlds
 * with a reminder or novelty effect, with the item having expired at this moment or being new to the user.
 */
export function clickProbability(w: World, cfg: WidgetConfig, user: number, item: number, ctx?: MomentContext): number {
  let logit = cfg.clickBias + cfg.clickSlope * affinity(w, user, item);
  if (ctx && cfg.reminder && ctx.expired.has(item)) logit += cfg.reminder;
  if (ctx && cfg.novelty && !ctx.seen.has(item)) logit += cfg.novelty;
  return sigmoid(logit);
}

/**
 * What the widget may show at a moment: the expired items, then (with `historyCandidates`) the user's last distinct
 * history items, then the expired items' substitutes and complements, each once, at most `max`.
 */
export function widgetCandidates(
  w: World,
  expired: readonly number[],
  max: number,
  recent: readonly number[] = [],
): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const add = (i: number) => {
    if (i >= 0 && !seen.has(i) && out.length < max) {
      seen.add(i);
      out.push(i);
    }
  };
  for (const i of expired) add(i);
  for (const i of recent) add(i);
  const { substitutes: S, complements: C } = w.config;
  for (const i of expired) for (let x = 0; x < S; x++) add(w.substitutes[i * S + x]);
  for (const i of expired) for (let x = 0; x < C; x++) add(w.complements[i * C + x]);
  return out;
}

/** The user's last `n` distinct history items, most recent first. */
export function recentItems(history: readonly { item: number }[], n: number): number[] {
  const out: number[] = [];
  for (let x = history.length - 1; x >= 0 && out.length < n; x--)
    if (!out.includes(history[x].item)) out.push(history[x].item);
  return out;
}

/**
 * The logging policy's chance of showing each candidate (its propensity): random shows k of n
 * uniformly (k / n each); epsilon-greedy shows the k most popular with probability 1 - epsilon, else a
 * random slate.
 */
export function showProbabilities(w: World, cfg: WidgetConfig, candidates: readonly number[]): Float64Array {
  const n = candidates.length;
  const k = Math.min(cfg.k, n);
  const uniform = n > 0 ? k / n : 0;
  if (cfg.policy === "random") return new Float64Array(n).fill(uniform);
  const top = new Set(byPopularity(w, candidates).slice(0, k));
  return Float64Array.from(candidates, (i) => (1 - cfg.epsilon) * (top.has(i) ? 1 : 0) + cfg.epsilon * uniform);
}

/** Draws the slate the logging policy shows (positions in order). */
export function drawSlate(w: World, cfg: WidgetConfig, candidates: readonly number[], draw: Draw): number[] {
  const k = Math.min(cfg.k, candidates.length);
  if (cfg.policy === "epsilon-greedy" && !draw.chance(cfg.epsilon)) return byPopularity(w, candidates).slice(0, k);
  const pool = [...candidates];
  for (let i = 0; i < k; i++) {
    const j = i + draw.below(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool.slice(0, k);
}

function byPopularity(w: World, candidates: readonly number[]): number[] {
  return [...candidates].sort((a, b) => w.popularity[b] - w.popularity[a] || a - b);
}
