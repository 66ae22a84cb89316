import type { EventTable } from "../data/event-table.js";

/** Items with at least one event before the cut: all a model trained on the training part can know. */
export function knownItems(t: EventTable, cut: number): Uint8Array {
  const known = new Uint8Array(t.dicts.item.size);
  for (let i = 0; i < t.length; i++) if (t.ts[i] < cut) known[t.item[i]] = 1;
  return known;
}
