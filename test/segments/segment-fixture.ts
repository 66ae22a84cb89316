import { Dictionary } from "../../src/data/dictionary.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";

export const DAY = 86_400_000;
export const T0 = Date.parse("2024-03-01T00:00:00Z");
/** Epoch ms of `d` days after T0. */
export const day = (d: number) => T0 + d * DAY;

export interface Ev {
  user: string;
  /** Days after T0 (fractions allowed). */
  d: number;
  kind: keyof typeof EventKind;
  item?: string;
  session?: string;
  category?: string;
  order?: string;
  price?: number;
  quantity?: number;
}

/** A table in dataset order (user code, then time, then input order) from readable events. */
export function eventTable(events: Ev[]): EventTable {
  const users = new Dictionary();
  for (const e of events) users.intern(e.user);
  const sorted = events
    .map((e, x) => ({ e, x }))
    .sort((a, b) => users.lookup(a.e.user) - users.lookup(b.e.user) || a.e.d - b.e.d || a.x - b.x)
    .map(({ e }) => e);
  const sessions = new Dictionary();
  const items = new Dictionary();
  const categories = new Dictionary();
  const orders = new Dictionary();
  const n = sorted.length;
  return {
    length: n,
    ts: Float64Array.from(sorted, (e) => day(e.d)),
    user: Int32Array.from(sorted, (e) => users.lookup(e.user)),
    session: Int32Array.from(sorted, (e) => sessions.intern(e.session ?? `${e.user}#${Math.floor(e.d)}`)),
    item: Int32Array.from(sorted, (e) => items.intern(e.item ?? "i0")),
    kind: Uint8Array.from(sorted, (e) => EventKind[e.kind]),
    price: Float64Array.from(sorted, (e) => e.price ?? NaN),
    quantity: Int32Array.from(sorted, (e) => e.quantity ?? 1),
    category: Int32Array.from(sorted, (e) => (e.category === undefined ? -1 : categories.intern(e.category))),
    order: Int32Array.from(sorted, (e) => (e.order === undefined ? -1 : orders.intern(e.order))),
    dicts: { user: users, session: sessions, item: items, category: categories, order: orders },
  };
}
