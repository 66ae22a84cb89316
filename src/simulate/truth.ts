import type { WidgetConfig } from "./sim-config.js";
import { clickProbability, showProbabilities, type MomentContext } from "./widget.js";
import type { World } from "./world.js";

/** A moment as the truth needs it: the user, the logging policy's candidates, and the click model's context. */
export interface TruthMoment {
  user: number;
  candidates: number[];
  context?: MomentContext;
}

/** Expected clicks and orders at one moment when `slate` is shown (independent clicks, P(order | click) fixed). */
export function slateTruth(
  w: World,
  cfg: WidgetConfig,
  user: number,
  slate: readonly number[],
  ctx?: MomentContext,
): { clicks: number; orders: number } {
  let clicks = 0;
  for (const item of slate) clicks += clickProbability(w, cfg, user, item, ctx);
  return { clicks, orders: clicks * cfg.orderRate };
}

/** The logging policy's own expected outcome at a moment: each candidate's click chance times its propensity. */
export function loggingTruth(w: World, cfg: WidgetConfig, m: TruthMoment): { clicks: number; orders: number } {
  const p = showProbabilities(w, cfg, m.candidates);
  let clicks = 0;
  m.candidates.forEach((item, x) => (clicks += p[x] * clickProbability(w, cfg, m.user, item, m.context)));
  return { clicks, orders: clicks * cfg.orderRate };
}
