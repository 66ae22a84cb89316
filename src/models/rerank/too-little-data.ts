import { CartliftError } from "../../errors.js";
import type { BuiltRows } from "./fit-rows.js";
import type { LabelQueries } from "./label-queries.js";
import { isMomentProtocol, type MomentLabelQueries } from "./moment-queries.js";
import type { RerankOptions } from "./rerank-options.js";

/** The fewest labelled queries with a target among their candidates that training accepts: to train, to validate. */
export const MIN_TRAIN_QUERIES = 200;
export const MIN_VALIDATION_QUERIES = 50;
/** The latest sessions' share of the labelled queries held out for early stopping and feature importance. */
export const VALIDATION_SHARE = 0.2;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 19) + "Z";
/** A duration as its largest whole unit's count, e.g. 7 d, 15 min, 2.5 h. */
const durationText = (ms: number) =>
  ms >= 86_400_000
    ? `${+(ms / 86_400_000).toFixed(2)} d`
    : ms >= 3_600_000
      ? `${+(ms / 3_600_000).toFixed(2)} h`
      : `${+(ms / 60_000).toFixed(2)} min`;

/** A label window's queries and their rows. */
interface WindowRows {
  queries: LabelQueries;
  rows: BuiltRows;
}

/**
 * The error when the label windows give too few queries: how many they gave and how many training needs; for a moment
 * protocol, how many moments were found (and why some gave no query) and about how many it needs.
 */
export function tooLittleData(
  o: RerankOptions,
  windows: readonly WindowRows[],
  hits: number,
  train: number,
  val: number,
  until: number,
): CartliftError {
  const latest = windows[0];
  const span = `${day(until - o.labelWindows * o.labelWindowMs)} to ${day(until)}`;
  const need =
    `training needs at least ${MIN_TRAIN_QUERIES} to train and ${MIN_VALIDATION_QUERIES} to validate ` +
    `(the latest ${VALIDATION_SHARE * 100}% of them, whole sessions)`;
  const longer = `use a longer --label-window (now ${durationText(o.labelWindowMs)}) or more --label-windows, or more data`;
  if (isMomentProtocol(o.protocol)) {
    let found = 0;
    let noTarget = 0;
    let noKnown = 0;
    for (const w of windows) {
      const m = (w.queries as MomentLabelQueries).moments;
      found += m.found;
      noTarget += m.withoutTargets;
      noKnown += m.withoutKnownHistory;
    }
    const perMoment = hits / Math.max(1, found);
    const needed =
      perMoment > 0
        ? `about ${Math.ceil(Math.max(MIN_TRAIN_QUERIES / (1 - VALIDATION_SHARE), MIN_VALIDATION_QUERIES / VALIDATION_SHARE) / perMoment)} ${o.protocol} moments in all (${(perMoment * 100).toFixed(1)}% of those found gave a usable query)`
        : `no ${o.protocol} moment found gave a query with a target among its candidates`;
    return new CartliftError(
      "too_little_data",
      `rerank: the ${o.protocol} protocol found ${found} moments in the label window${o.labelWindows > 1 ? "s" : ""} ` +
        `(${span}): ${noTarget} without a carted or bought target, ${noKnown} without a known item in the history, ` +
        `${hits} with a target among the candidates (${train} to train, ${val} to validate); ${need}`,
      `${longer}: ${needed}`,
    );
  }
  return new CartliftError(
    "too_little_data",
    `rerank: the label window${o.labelWindows > 1 ? "s" : ""} (${span}) give ${hits} labelled queries with a target ` +
      `among the candidates (${train} to train, ${val} to validate); ${need}`,
    `${longer}: about ${sessionsNeeded(latest.rows.hits, latest.queries.sessions)} sessions of 2+ known events per window`,
  );
}

/** Sessions in the label window that give enough queries to train and to validate, at the rate seen. */
function sessionsNeeded(hits: number, sessions: number): string {
  const perSession = hits / Math.max(1, sessions);
  if (perSession === 0) return "(none of the window's queries had a target among its candidates)";
  const need = Math.max(
    MIN_TRAIN_QUERIES / (1 - VALIDATION_SHARE) / perSession,
    MIN_VALIDATION_QUERIES / VALIDATION_SHARE / perSession,
  );
  return String(Math.ceil(need));
}
