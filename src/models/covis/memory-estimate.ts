import type { EventTable } from "../../data/event-table.js";

/**
 * The peak RSS of `train covis` in memory (the anchor-by-anchor counter), from the data: what `--engine auto` compares
 * with --memory-limit. Fitted on measured peaks (`/usr/bin/time`) of synthetic shops (bench/scale-data.mjs: 1M, 3M,
 * 10M and 30M events with 1 item per 100 events, and 3M events with 300k items; session scope, gap 30, k 50):
 * 208 MB + 49.7 bytes an event + 15.0 bytes per item and kept neighbour, within 4% of each. The terms: Node and the
 * worker threads; the loaded columns (21 bytes an event), the timelines and the counter's index (about 21 more); the
 * neighbour lists (12 bytes a neighbour) while the threads' rows are joined. The estimate is that fit made 15% larger
 * (errs high: 12-25% above every peak measured, so `auto` picks DuckDB a little early), plus 8 bytes an event
 * with a half-life (the index's decays: counted, not measured) and one list per matrix. Not calibrated: real logs,
 * other --max-gap and --window (they do not enter the counter's memory), several matrices.
 */
export function memoryEstimate(
  t: Pick<EventTable, "length" | "dicts">,
  o: { k: number; matrices: number; halfLife: boolean },
): number {
  const perEvent = PER_EVENT + (o.halfLife ? 8 : 0);
  return BASE + t.length * perEvent + t.dicts.item.size * o.k * o.matrices * PER_NEIGHBOUR;
}

/** The fit's terms x 1.15, rounded up. */
const BASE = 240e6;
const PER_EVENT = 57.2;
const PER_NEIGHBOUR = 17.3;
