import type { EventTable } from "../../data/event-table.js";
import { PopularModel } from "../baselines/popular.js";
import { eventWeights } from "../event-weights.js";
import { CovisModel, DEFAULT_SCORING, type CovisScoring } from "./covis-model.js";
import { covisNeighbours } from "./covis-neighbours.js";
import type { Normalisation } from "./normalise.js";
import { timelines, type CovisScope } from "./timelines.js";

export interface CovisTrainOptions {
  scope: CovisScope;
  maxGap: number;
  windowMs: number;
  /** Event weights by type name (the neighbour's event type). */
  weights: Partial<Record<string, number>>;
  halfLifeMs: number;
  positionDecay: boolean;
  normalisation: Normalisation;
  /** Neighbours kept per item. */
  k: number;
  minSupport: number;
  /** Train on events strictly before this time only. */
  until: number;
  /** Anchor partitions counted one after the other (memory bound; the result is the same). */
  passes: number;
  scoring: CovisScoring;
}

/** Defaults: see docs/covis.md for how they were chosen. */
export const COVIS_DEFAULTS: CovisTrainOptions = {
  scope: "session",
  maxGap: 30,
  windowMs: 24 * 3_600_000,
  weights: {},
  halfLifeMs: Infinity,
  positionDecay: true,
  normalisation: "raw",
  k: 50,
  minSupport: 0,
  until: Infinity,
  passes: 1,
  scoring: DEFAULT_SCORING,
};

export function trainCovis(t: EventTable, options: Partial<CovisTrainOptions> = {}): CovisModel {
  const o = { ...COVIS_DEFAULTS, ...options, scoring: { ...DEFAULT_SCORING, ...options.scoring } };
  const until = o.until;
  const tl = timelines(t, o.scope, Number.isFinite(until) ? (i) => t.ts[i] < until : undefined);
  let endMs = -Infinity;
  for (let x = 0; x < tl.events.length; x++) endMs = Math.max(endMs, t.ts[tl.events[x]]);
  const nItems = t.dicts.item.size;
  const neighbours = covisNeighbours(t, tl, nItems, {
    maxGap: o.maxGap,
    windowMs: o.windowMs,
    kindWeight: eventWeights(o.weights),
    halfLifeMs: o.halfLifeMs,
    endMs,
    positionDecay: o.positionDecay,
    normalisation: o.normalisation,
    k: o.k,
    minSupport: o.minSupport,
    passes: o.passes,
  });
  return new CovisModel(neighbours, PopularModel.train(t, { until }), o.scoring);
}
