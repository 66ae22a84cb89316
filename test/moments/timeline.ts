import { Dictionary } from "../../src/data/dictionary.js";
import { EventKind, type EventKindName } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const T0 = Date.UTC(2026, 0, 5);

/** One hand-written event: user, session id (null: none), minutes from T0, kind, item, price (NaN unpriced). */
export type Row = [
  user: string,
  session: string | null,
  minute: number,
  kind: EventKindName,
  item: string,
  price?: number,
];

/** An EventTable from hand-written rows (already sorted by user, then time), as ingest would hold it. */
export function timeline(rows: Row[], orders?: (string | null)[]): EventTable {
  const dicts = {
    user: new Dictionary(),
    session: new Dictionary(),
    item: new Dictionary(),
    category: new Dictionary(),
    order: new Dictionary(),
  };
  const n = rows.length;
  return {
    length: n,
    ts: Float64Array.from(rows, (r) => T0 + r[2] * MINUTE),
    user: Int32Array.from(rows, (r) => dicts.user.intern(r[0])),
    session: Int32Array.from(rows, (r) => (r[1] === null ? -1 : dicts.session.intern(r[1]))),
    item: Int32Array.from(rows, (r) => dicts.item.intern(r[4])),
    kind: Uint8Array.from(rows, (r) => EventKind[r[3]]),
    price: Float64Array.from(rows, (r) => r[5] ?? NaN),
    quantity: new Int32Array(n).fill(1),
    category: new Int32Array(n).fill(-1),
    order: Int32Array.from(rows, (_, i) => (orders?.[i] ? dicts.order.intern(orders[i]!) : -1)),
    dicts,
  };
}
