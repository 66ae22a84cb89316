import type { EventTable } from "../data/event-table.js";
import type { HistoryEvent, Recommender } from "../models/recommender.js";

/**
 * The user's last `maxHistory` events before row `event` (the table is sorted by user, then time), oldest first: what
 * a policy sees at a moment or a logged widget view.
 */
export function historyBefore(t: EventTable, user: number, event: number, maxHistory: number): HistoryEvent[] {
  let from = event;
  while (from > 0 && t.user[from - 1] === user && event - from < maxHistory) from--;
  const out: HistoryEvent[] = new Array(event - from);
  for (let i = from; i < event; i++) out[i - from] = { item: t.item[i], kind: t.kind[i], ts: t.ts[i] };
  return out;
}

/**
 * The top `k` a policy shows at row `event` of `user` at time `now`, from the user's history before it, never one of
 * `exclude` (add-to-cart: the items already in the cart).
 */
export function policySlate(
  model: Recommender,
  t: EventTable,
  at: { user: number; event: number; now: number; exclude?: ReadonlySet<number> },
  k: number,
  maxHistory: number,
): Int32Array {
  const history = historyBefore(t, at.user, at.event, maxHistory);
  return model.recommend(history, at.exclude ? { k, now: at.now, exclude: at.exclude } : { k, now: at.now }).items;
}
