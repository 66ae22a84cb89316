import type { EventTable } from "../data/event-table.js";
import { UsageError } from "../errors.js";

/**
 * The train/test cut: an explicit time, or the point that leaves the last `testShare` of the data's
 * time span for testing (floored to the second). Models see only events strictly before it.
 */
export function resolveCut(t: EventTable, o: { cut?: number; testShare?: number }): number {
  if (t.length === 0) throw new UsageError("the dataset has no events to evaluate on");
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < t.length; i++) {
    if (t.ts[i] < from) from = t.ts[i];
    if (t.ts[i] > to) to = t.ts[i];
  }
  if (o.cut !== undefined) {
    if (!(o.cut > from && o.cut <= to))
      throw new UsageError(
        `the cut ${new Date(o.cut).toISOString()} leaves no training or no test events`,
        `the data spans ${new Date(from).toISOString()} .. ${new Date(to).toISOString()}`,
      );
    return o.cut;
  }
  const share = o.testShare ?? 0.1;
  if (!(share > 0 && share < 1)) throw new UsageError(`--test-share must be between 0 and 1 (exclusive), got ${share}`);
  return Math.floor((to - (to - from) * share) / 1000) * 1000;
}
