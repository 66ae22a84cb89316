import type { EventTable } from "../data/event-table.js";
import { AudienceScratch, audienceAt, type ItemColumns } from "./audience.js";
import type { Drops } from "./detect-drops.js";
import type { ItemRows } from "./item-rows.js";

/** Every drop's audience, one member per (drop, user), in drop order. */
export interface Members {
  length: number;
  drop: Int32Array;
  user: Int32Array;
  signal: Uint8Array;
  signalAt: Float64Array;
}

/** The audiences of all `drops` (audienceAt at each drop's time): who each alert would reach, and by which signal. */
export function dropAudiences(
  t: EventTable,
  g: ItemRows,
  drops: Drops,
  lookbackMs: number,
  buyers: boolean,
  columns?: ItemColumns,
): Members {
  const drop: number[] = [];
  const user: number[] = [];
  const signal: number[] = [];
  const signalAt: number[] = [];
  const scratch = new AudienceScratch(t.dicts.user.size);
  for (let d = 0; d < drops.length; d++) {
    const a = audienceAt(t, g, drops.item[d], drops.at[d], lookbackMs, buyers, scratch, columns);
    for (let m = 0; m < a.user.length; m++) {
      drop.push(d);
      user.push(a.user[m]);
      signal.push(a.signal[m]);
      signalAt.push(a.signalAt[m]);
    }
  }
  return {
    length: drop.length,
    drop: Int32Array.from(drop),
    user: Int32Array.from(user),
    signal: Uint8Array.from(signal),
    signalAt: Float64Array.from(signalAt),
  };
}

/** Each user's rows start: rows of user u are [start[u], start[u + 1]) in a table sorted by user, then time. */
export function userStarts(t: EventTable): Int32Array {
  const start = new Int32Array(t.dicts.user.size + 1);
  for (let r = 0; r < t.length; r++) start[t.user[r] + 1]++;
  for (let u = 0; u < t.dicts.user.size; u++) start[u + 1] += start[u];
  return start;
}

/** The first row of user u at or after `ts` (start[u + 1] when none). */
export function userRowAtOrAfter(t: EventTable, start: Int32Array, u: number, ts: number): number {
  let lo = start[u];
  let hi = start[u + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.ts[mid] < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
