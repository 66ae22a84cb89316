import type { EventTable } from "./event-table.js";
import { sharedInt32 } from "./shared-arrays.js";

/** The unit whose events form one co-visitation timeline. */
export type CovisScope = "session" | "user";

/**
 * Events grouped into timelines, each in time order: `events[offsets[t] .. offsets[t + 1])` are the
 * event indices of timeline t. The table is sorted by user then time, so a user's timeline is a run;
 * sessions are gathered per session code (a counting sort that keeps the table's time order), so a
 * session stays whole even if another session of the same user interleaves with it.
 */
export interface Timelines {
  readonly events: Int32Array;
  readonly offsets: Int32Array;
}

export function timelines(t: EventTable, scope: CovisScope, keep?: (i: number) => boolean): Timelines {
  const key = scope === "user" ? t.user : t.session;
  let size = 0;
  for (let i = 0; i < t.length; i++) if (key[i] + 1 > size) size = key[i] + 1;
  const counts = new Int32Array(size + 1);
  for (let i = 0; i < t.length; i++) if (!keep || keep(i)) counts[key[i] + 1]++;
  for (let k = 0; k < size; k++) counts[k + 1] += counts[k];
  const next = counts.slice(0, size);
  const events = sharedInt32(counts[size]);
  for (let i = 0; i < t.length; i++) if (!keep || keep(i)) events[next[key[i]]++] = i;
  // drop empty timelines (codes with no kept event)
  const offsets: number[] = [0];
  for (let k = 0; k < size; k++) if (counts[k + 1] > counts[k]) offsets.push(counts[k + 1]);
  const bounds = sharedInt32(offsets.length);
  bounds.set(offsets);
  return { events, offsets: bounds };
}
