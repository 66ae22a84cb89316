import { seededRandom } from "../data/random.js";
import type { SimConfig, WidgetConfig } from "./sim-config.js";

/** How the widget's clicks arise in a world (docs/replay.md, validity). */
export const WORLD_TYPES = ["taste", "reminder", "novelty", "mix"] as const;
export type WorldType = (typeof WORLD_TYPES)[number];

/** The click model's terms of each world type: taste slope, and logit boosts for expired and for new items. */
const RESPONSE: Record<WorldType, Pick<WidgetConfig, "clickSlope" | "reminder" | "novelty"> & { bias: number[] }> = {
  // clicks follow the user's taste only (the simulator's default model)
  taste: { clickSlope: 1.5, reminder: 0, novelty: 0, bias: [-9.5, -6.5] },
  // seeing the expired item again is what makes people click
  reminder: { clickSlope: 0.5, reminder: 2, novelty: 0, bias: [-8, -5] },
  // items the user has not looked at yet draw the clicks
  novelty: { clickSlope: 0.5, reminder: 0, novelty: 1.5, bias: [-8.5, -5.5] },
  mix: { clickSlope: 1, reminder: 1, novelty: 0.8, bias: [-8.5, -5.5] },
};

/** The shop every world of the family shares: carts left behind and returns, so that moments are many. */
export const FAMILY_SHOP: Partial<SimConfig> = {
  users: 10_000,
  items: 1500,
  cartRate: 0.05,
  buyCartedRate: 0.2,
  cartReturnRate: 0.9,
};

/**
 * One world of the validity family: its type fixes the click model; its seed draws the engagement (a click bias in
 * the type's range: about 0.5% to 10% of views with a click) and the logging policy (random or epsilon-greedy over
 * 6 to 80 candidates, with 0 to 20 of the user's recent items among them: overlap with the replayed policies from
 * high to a few percent). All of it is recorded in the world file, as `cartlift simulate` options.
 */
export function familyWorld(
  type: WorldType,
  seed: number,
): { config: Partial<SimConfig>; widget: Partial<WidgetConfig> } {
  const random = seededRandom((seed * 7919 + WORLD_TYPES.indexOf(type) * 104_729) >>> 0);
  const between = (low: number, high: number) => low + (high - low) * random();
  const greedy = random() < 0.3;
  const { bias, ...response } = RESPONSE[type];
  return {
    config: { ...FAMILY_SHOP, seed },
    widget: {
      ...response,
      k: 6,
      clickBias: Math.round(between(bias[0], bias[1]) * 100) / 100,
      policy: greedy ? "epsilon-greedy" : "random",
      epsilon: greedy ? Math.round(between(0.1, 0.5) * 100) / 100 : 0.2,
      candidates: Math.round(between(6, 80)),
      historyCandidates: Math.round(between(0, 20)),
    },
  };
}
