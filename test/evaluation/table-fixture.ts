import { Dictionary } from "../../src/data/dictionary.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";

export interface Row {
  user: string;
  session: string;
  item: string;
  kind: keyof typeof EventKind;
  /** Minutes after 2024-01-01T00:00Z. */
  min: number;
}

export const T0 = Date.parse("2024-01-01T00:00:00Z");
export const at = (min: number) => T0 + min * 60_000;

/** A table in dataset order (user, then time) from readable rows. */
export function tableOf(rows: Row[]): EventTable {
  const sorted = [...rows].sort((a, b) => a.user.localeCompare(b.user) || a.min - b.min);
  const users = new Dictionary();
  const sessions = new Dictionary();
  const items = new Dictionary();
  const n = sorted.length;
  return {
    length: n,
    ts: Float64Array.from(sorted, (r) => at(r.min)),
    user: Int32Array.from(sorted, (r) => users.intern(r.user)),
    session: Int32Array.from(sorted, (r) => sessions.intern(r.session)),
    item: Int32Array.from(sorted, (r) => items.intern(r.item)),
    kind: Uint8Array.from(sorted, (r) => EventKind[r.kind]),
    price: new Float64Array(n).fill(NaN),
    quantity: new Int32Array(n).fill(1),
    category: new Int32Array(n).fill(-1),
    order: new Int32Array(n).fill(-1),
    dicts: { user: users, session: sessions, item: items, category: new Dictionary(), order: new Dictionary() },
  };
}

/** One session's rows: items viewed one minute apart (kinds optional). */
export function session(user: string, id: string, startMin: number, items: string[], kinds: Row["kind"][] = []): Row[] {
  return items.map((item, x) => ({ user, session: id, item, kind: kinds[x] ?? "view", min: startMin + x }));
}
