import type { EventTable } from "../../data/event-table.js";
import type { HistoryEvent } from "../../models/recommender.js";

/** The events `indices[from .. to)` of the table as a model's history, oldest first. */
export function historyOf(t: EventTable, indices: ArrayLike<number>, from: number, to: number): HistoryEvent[] {
  const out: HistoryEvent[] = new Array(Math.max(0, to - from));
  for (let x = from; x < to; x++) {
    const i = indices[x];
    out[x - from] = { item: t.item[i], kind: t.kind[i], ts: t.ts[i] };
  }
  return out;
}

/** History length buckets of the breakdowns. */
export function historyBucket(length: number): string {
  return length <= 1 ? "1" : length <= 4 ? "2-4" : length <= 9 ? "5-9" : length <= 19 ? "10-19" : "20+";
}
