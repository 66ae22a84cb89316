import { sharedFloat64, sharedInt32, sharedUint8 } from "../../data/shared-arrays.js";
import type { EventTable } from "../../data/event-table.js";

/** One label fold: a flag per session code (the fold's sessions), and the first and last start of its sessions. */
export interface LabelFold {
  readonly sessions: Uint8Array;
  readonly sessionCount: number;
  readonly from: number;
  readonly to: number;
}

/**
 * The training sessions (those with an event before `until`) in order of their first event, cut into `folds` runs of
 * about as many sessions each; the latest fold first (its latest sessions are the validation slice).
 */
export function labelFolds(t: EventTable, until: number, folds: number): LabelFold[] {
  const nSessions = t.dicts.session.size;
  const start = new Float64Array(nSessions).fill(Infinity);
  for (let i = 0; i < t.length; i++)
    if (t.ts[i] < until && t.ts[i] < start[t.session[i]]) start[t.session[i]] = t.ts[i];
  const order: number[] = [];
  for (let s = 0; s < nSessions; s++) if (start[s] < Infinity) order.push(s);
  order.sort((a, b) => start[a] - start[b] || a - b);
  const out: LabelFold[] = [];
  for (let f = 0; f < folds; f++) {
    const lo = Math.floor((f * order.length) / folds);
    const hi = Math.floor(((f + 1) * order.length) / folds);
    const sessions = new Uint8Array(nSessions);
    for (let j = lo; j < hi; j++) sessions[order[j]] = 1;
    out.push({
      sessions,
      sessionCount: hi - lo,
      from: hi > lo ? start[order[lo]] : until,
      to: hi > lo ? start[order[hi - 1]] : until,
    });
  }
  return out.reverse();
}

/**
 * The events before `until` of every session outside the fold: the data a fold's generators and item facts are fitted
 * on, so that no event of a fold's session (its queries' targets among them) reaches its features. The table's order
 * (user, then time) is kept; the dictionaries are shared.
 */
export function withoutFold(t: EventTable, fold: Uint8Array, until: number): EventTable {
  let n = 0;
  for (let i = 0; i < t.length; i++) if (t.ts[i] < until && fold[t.session[i]] === 0) n++;
  const ts = sharedFloat64(n);
  const user = sharedInt32(n);
  const session = sharedInt32(n);
  const item = sharedInt32(n);
  const kind = sharedUint8(n);
  const price = sharedFloat64(n);
  const quantity = sharedInt32(n);
  const category = sharedInt32(n);
  const order = sharedInt32(n);
  let j = 0;
  for (let i = 0; i < t.length; i++) {
    if (t.ts[i] >= until || fold[t.session[i]] === 1) continue;
    ts[j] = t.ts[i];
    user[j] = t.user[i];
    session[j] = t.session[i];
    item[j] = t.item[i];
    kind[j] = t.kind[i];
    price[j] = t.price[i];
    quantity[j] = t.quantity[i];
    category[j] = t.category[i];
    order[j] = t.order[i];
    j++;
  }
  return { length: n, ts, user, session, item, kind, price, quantity, category, order, dicts: t.dicts };
}
