import type { EventTable } from "../../data/event-table.js";
import { eventWeights } from "../event-weights.js";
import type { ItemFacts } from "./item-facts.js";

/** How far back "recent" popularity counts. */
export const RECENT_MS = 7 * 86_400_000;

/**
 * Item facts from the events strictly before `until` (the last known category and price of each item); recent
 * popularity counts the RECENT_MS up to `recentEnd` (default: the last of those events).
 */
export function itemFacts(t: EventTable, until: number, nItems: number, recentEnd?: number): ItemFacts {
  const w = eventWeights();
  let end = -Infinity;
  for (let i = 0; i < t.length; i++) if (t.ts[i] < until && t.ts[i] > end) end = t.ts[i];
  if (recentEnd !== undefined) end = recentEnd;
  const popAll = new Float32Array(nItems);
  const popRecent = new Float32Array(nItems);
  const category = new Int32Array(nItems).fill(-1);
  const price = new Float32Array(nItems).fill(NaN);
  const lastTs = new Float64Array(nItems).fill(-Infinity);
  for (let i = 0; i < t.length; i++) {
    const ts = t.ts[i];
    if (ts >= until) continue;
    const item = t.item[i];
    popAll[item] += w[t.kind[i]];
    if (ts > end - RECENT_MS && ts <= end) popRecent[item] += w[t.kind[i]];
    if (ts >= lastTs[item]) {
      lastTs[item] = ts;
      if (t.category[i] >= 0) category[item] = t.category[i];
      if (Number.isFinite(t.price[i]) && t.price[i] > 0) price[item] = t.price[i];
    }
  }
  return { popAll, popRecent, category, price };
}
