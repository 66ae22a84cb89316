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

/** Per user, their place in the audience being built (-1: not in it); left all -1 after each audienceAt. */
export class AudienceScratch {
  readonly slot: Int32Array;
  constructor(users: number) {
    this.slot = new Int32Array(users).fill(-1);
  }
}

/** The user and the event kind of each row of an ItemRows, in its order (null: read from the table). */
export interface ItemColumns {
  user: Int32Array | null;
  kind: Uint8Array | null;
}

/** Gathers the user and the kind of g's rows once, so that audiences read them in sequence. */
export function itemColumns(t: EventTable, g: ItemRows): ItemColumns {
  const n = g.rows.length;
  const user = new Int32Array(n);
  const kind = new Uint8Array(n);
  for (let x = 0; x < n; x++) {
    const r = g.rows[x];
    user[x] = t.user[r];
    kind[x] = t.kind[r];
  }
  return { user, kind };
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
  scratch: AudienceScratch = new AudienceScratch(t.dicts.user.size),
  columns: ItemColumns = { user: null, kind: null },
): ItemAudience {
  const out: ItemAudience = { user: [], signal: [], signalAt: [] };
  const end = g.indptr[item + 1];
  const slot = scratch.slot;
  const users = columns.user;
  const kinds = columns.kind;
  for (let x = firstAtOrAfter(t, g, item, at - lookbackMs); x < end; x++) {
    const ts = g.ts[x];
    if (ts >= at) break;
    const r = g.rows[x];
    // the item's own columns read in sequence where the caller gathered them, the table's otherwise
    const u = users ? users[x] : t.user[r];
    const kind = kinds ? kinds[x] : t.kind[r];
    let m = slot[u];
    if (m < 0) {
      m = out.user.length;
      slot[u] = m;
      out.user.push(u);
      out.signal.push(Sig.none);
      out.signalAt.push(NaN);
    }
    if (kind === EventKind.purchase) {
      out.signal[m] = Sig.bought;
      out.signalAt[m] = ts;
      continue;
    }
    const s = signalOfKind(kind);
    if (s === Sig.none) continue;
    const cur = out.signal[m];
    if (cur === Sig.bought || cur === Sig.none || s <= cur) {
      out.signal[m] = s;
      out.signalAt[m] = ts;
    }
  }
  for (const u of out.user) slot[u] = -1;
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
