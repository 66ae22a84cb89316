import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { firstAtOrAfter, type ItemRows } from "./item-rows.js";
import { Sig, signalOfKind } from "./signals.js";

/** Who an alert about item `item` at time `at` would reach: one entry per user, with their strongest signal. */
export interface ItemAudience {
  user: number[];
  signal: number[];
  /** The time of the user's last event with the strongest signal (the time since it is matched on). */
  signalAt: number[];
}

/**
 * The audience of item `item` at time `at` (docs/prices.md): every user with an event of the item in
 * [at - lookbackMs, at) who has not bought it since. A purchase wipes what came before it: only events after the
 * user's last purchase of the item count, and their strongest signal (wishlisted > carted > viewed) is the user's.
 * A user whose last event with the item is a purchase is a previous buyer: in the audience only when `buyers` is set
 * (logs of purchases only), with the signal `bought`.
 */
export function audienceAt(
  t: EventTable,
  g: ItemRows,
  item: number,
  at: number,
  lookbackMs: number,
  buyers: boolean,
  scratch: Map<number, number> = new Map(),
): ItemAudience {
  scratch.clear();
  const out: ItemAudience = { user: [], signal: [], signalAt: [] };
  const end = g.indptr[item + 1];
  for (let x = firstAtOrAfter(t, g, item, at - lookbackMs); x < end; x++) {
    const r = g.rows[x];
    if (t.ts[r] >= at) break;
    const u = t.user[r];
    let m = scratch.get(u);
    if (m === undefined) {
      m = out.user.length;
      scratch.set(u, m);
      out.user.push(u);
      out.signal.push(Sig.none);
      out.signalAt.push(NaN);
    }
    if (t.kind[r] === EventKind.purchase) {
      out.signal[m] = Sig.bought;
      out.signalAt[m] = t.ts[r];
      continue;
    }
    const s = signalOfKind(t.kind[r]);
    if (s === Sig.none) continue;
    const cur = out.signal[m];
    if (cur === Sig.bought || cur === Sig.none || s <= cur) {
      out.signal[m] = s;
      out.signalAt[m] = t.ts[r];
    }
  }
  // keep those with a signal: previous buyers only where they make the audience
  let w = 0;
  for (let m = 0; m < out.user.length; m++) {
    const s = out.signal[m];
    if (s === Sig.none || (s === Sig.bought && !buyers)) continue;
    out.user[w] = out.user[m];
    out.signal[w] = s;
    out.signalAt[w] = out.signalAt[m];
    w++;
  }
  out.user.length = out.signal.length = out.signalAt.length = w;
  return out;
}
