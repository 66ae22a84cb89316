import type { EventTable } from "../../data/event-table.js";
import { PopularModel } from "../baselines/popular.js";
import { eventWeights } from "../event-weights.js";
import { CovisModel, DEFAULT_SCORING, type CovisScoring } from "./covis-model.js";
import { covisNeighbours, type NeighbourOptions } from "./covis-neighbours.js";
import { covisNeighboursParallel } from "./covis-neighbours-parallel.js";
import type { Normalisation } from "./normalise.js";
import { timelines, type CovisScope, type Timelines } from "../../data/timelines.js";
import type { PairParams } from "./count-pairs.js";
import type { Csr } from "../../data/csr.js";
import { EVENT_KINDS, EventKind } from "../../data/event-kind.js";
import { UsageError } from "../../errors.js";

import { MATRIX_NAMES, type MatrixName } from "./matrix-names.js";

export { MATRIX_NAMES, type MatrixName };

export interface CovisTrainOptions {
  /** Which neighbour lists to train. */
  matrices: MatrixName[];
  /** Time window of the complement lists (buy2buy, cart2buy), on user timelines. */
  complementWindowMs: number;
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
  /** Anchor partitions counted one after the other (memory bound; the result is the same); 0 = from the data. */
  passes: number;
  scoring: CovisScoring;
}

/** Defaults: see docs/covis.md for how they were chosen. */
export const COVIS_DEFAULTS: CovisTrainOptions = {
  matrices: ["covisit"],
  complementWindowMs: 14 * 86_400_000,
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
  passes: 0,
  scoring: DEFAULT_SCORING,
};

/** Options as given: any subset, the scoring too. */
export type CovisTrainInput = Partial<Omit<CovisTrainOptions, "scoring">> & { scoring?: Partial<CovisScoring> };

export function trainCovis(
  t: EventTable,
  options: CovisTrainInput = {},
  onPhase?: (phase: string) => void,
): CovisModel {
  const plan = planCovis(t, options);
  const matrices: Record<string, Csr> = {};
  for (const job of plan.jobs) {
    onPhase?.(`counting ${job.name} pairs`);
    const { tl, options } = job.build();
    matrices[job.name] = covisNeighbours(t, tl, plan.nItems, options);
  }
  return new CovisModel(matrices, PopularModel.train(t, { until: plan.until }), plan.scoring);
}

/** trainCovis with the counting on `threads` worker threads: the same model, sooner on large data. */
export async function trainCovisParallel(
  t: EventTable,
  options: CovisTrainInput,
  threads: number,
  onPhase?: (phase: string, key?: string) => void,
): Promise<CovisModel> {
  const plan = planCovis(t, options);
  const matrices: Record<string, Csr> = {};
  for (const job of plan.jobs) {
    onPhase?.(`counting ${job.name} pairs`, `count_${job.name}`);
    const { tl, options } = job.build();
    matrices[job.name] = await covisNeighboursParallel(t, tl, plan.nItems, options, threads);
  }
  onPhase?.("ranking popular items", "popular");
  return new CovisModel(matrices, PopularModel.train(t, { until: plan.until }), plan.scoring);
}

/** Validated options turned into one counting job per neighbour list. */
export function planCovis(t: EventTable, options: CovisTrainInput) {
  const o = { ...COVIS_DEFAULTS, ...options, scoring: { ...DEFAULT_SCORING, ...options.scoring } };
  for (const name of o.matrices)
    if (!(MATRIX_NAMES as readonly string[]).includes(name))
      throw new UsageError(`unknown neighbour list "${name}"`, `lists: ${MATRIX_NAMES.join(", ")}`);
  const asked = options.scoring?.matrix;
  if (asked !== undefined && !o.matrices.includes(asked as MatrixName))
    throw new UsageError(`scoring list "${asked}" is not among the trained lists`, `trained: ${o.matrices.join(", ")}`);
  // each job builds its timelines when it runs: one list's timelines in memory at a time
  const jobs = o.matrices.map((name) => ({
    name,
    build(): { tl: Timelines; options: NeighbourOptions } {
      const { keep, scope, params } = matrixRecipe(name, o);
      const tl = timelines(t, scope, (i) => t.ts[i] < o.until && keep(t.kind[i]));
      let endMs = -Infinity;
      for (let x = 0; x < tl.events.length; x++) endMs = Math.max(endMs, t.ts[tl.events[x]]);
      return {
        tl,
        options: {
          ...params,
          endMs,
          normalisation: o.normalisation,
          k: o.k,
          minSupport: o.minSupport,
          passes: o.passes,
        },
      };
    },
  }));
  return { nItems: t.dicts.item.size, until: o.until, jobs, scoring: { ...o.scoring, matrix: asked ?? o.matrices[0] } };
}

/**
 * Which events, timelines and pair weights make each list:
 * - covisit: every event, the chosen scope, event-type weights (substitutes and alternatives);
 * - buy2buy: cart adds and purchases of one user within the complement window, uniform weights
 *   (frequently bought together);
 * - cart2buy: from a carted item to items the user bought within the window (what completes a cart).
 */
function matrixRecipe(
  name: MatrixName,
  o: CovisTrainOptions,
): { keep: (kind: number) => boolean; scope: CovisScope; params: Omit<PairParams, "endMs"> } {
  const buying = (kind: number) => kind === EventKind.cart_add || kind === EventKind.purchase;
  if (name === "covisit")
    return {
      keep: () => true,
      scope: o.scope,
      params: {
        maxGap: o.maxGap,
        windowMs: o.windowMs,
        kindWeight: eventWeights(o.weights),
        halfLifeMs: o.halfLifeMs,
        positionDecay: o.positionDecay,
      },
    };
  const kindWeight = new Float64Array(EVENT_KINDS.length);
  const anchorKinds = new Uint8Array(EVENT_KINDS.length);
  kindWeight[EventKind.purchase] = 1;
  anchorKinds[EventKind.cart_add] = 1;
  if (name === "buy2buy") {
    kindWeight[EventKind.cart_add] = 1;
    anchorKinds[EventKind.purchase] = 1;
  }
  return {
    keep: buying,
    scope: "user",
    params: {
      maxGap: o.maxGap,
      windowMs: o.complementWindowMs,
      kindWeight,
      anchorKinds,
      halfLifeMs: o.halfLifeMs,
      positionDecay: false,
    },
  };
}
