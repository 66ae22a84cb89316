import type { EventTable } from "../../data/event-table.js";
import { EVENT_KINDS, type EventKindName } from "../../data/event-kind.js";
import { timelines, type CovisScope, type Timelines } from "../../data/timelines.js";
import { UsageError } from "../../errors.js";

/** Times each event type enters an item sequence: 0 leaves the type out, 2 or more weighs it up. */
export type EventRepeats = Partial<Record<EventKindName, number>>;

/**
 * The item sequences SGNS trains on: each session's (or user's) events before `until`, in time order,
 * every event written `repeats[type]` times (default 1), so repeated cart adds and purchases weigh more
 * in the windows, the negatives' distribution and the subsampling.
 */
export function itemSequences(
  table: EventTable,
  scope: CovisScope,
  until: number,
  repeats: EventRepeats = {},
): { items: Int32Array; tl: Timelines } {
  const times = Uint8Array.from(EVENT_KINDS, (kind) => repeats[kind] ?? 1);
  const tl = timelines(table, scope, (i) => table.ts[i] < until && times[table.kind[i]] > 0);
  if (times.every((n) => n === 1)) return { items: table.item, tl };
  let total = 0;
  for (let x = 0; x < tl.events.length; x++) total += times[table.kind[tl.events[x]]];
  const items = new Int32Array(total);
  const offsets = new Int32Array(tl.offsets.length);
  let at = 0;
  for (let t = 0; t + 1 < tl.offsets.length; t++) {
    for (let x = tl.offsets[t]; x < tl.offsets[t + 1]; x++) {
      const event = tl.events[x];
      for (let r = times[table.kind[event]]; r > 0; r--) items[at++] = table.item[event];
    }
    offsets[t + 1] = at;
  }
  return { items, tl: { events: Int32Array.from({ length: total }, (_, i) => i), offsets } };
}

/** Repeats from [type, times] pairs (a flag's or a model spec's), refusing unknown types and bad counts. */
export function eventRepeats(entries: [string, string][], where: string): EventRepeats {
  const out: EventRepeats = {};
  for (const [name, value] of entries) {
    const times = Number(value);
    if (!(EVENT_KINDS as readonly string[]).includes(name))
      throw new UsageError(`${where}: "${name}" is not an event type`, `types: ${EVENT_KINDS.join(", ")}`);
    if (value === undefined || value.trim() === "" || !Number.isInteger(times) || times < 0 || times > 100)
      throw new UsageError(`${where}: ${name} needs a whole number of repeats from 0 to 100, got "${value}"`);
    out[name as EventKindName] = times;
  }
  if (Object.keys(out).length > 0 && EVENT_KINDS.every((kind) => out[kind] === 0))
    throw new UsageError(`${where} leaves every event type out`);
  return out;
}
