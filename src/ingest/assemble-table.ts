import { EventColumns, type SortableColumn } from "../data/event-columns.js";
import { EVENT_KINDS } from "../data/event-kind.js";
import type { EventDictionaries, EventTable } from "../data/event-table.js";
import type { Dictionary } from "../data/dictionary.js";
import { permute, sortByUserTime } from "../data/sort-events.js";
import { deriveSessions } from "../data/derive-sessions.js";
import { findDuplicates } from "../data/find-duplicates.js";
import { csvField } from "../io/quarantine.js";

type TypedColumn = Float64Array | Int32Array | Uint8Array;

/** Sorts, drops duplicates of existing events, derives missing sessions, and builds the table. */
export function assembleTable(
  cols: EventColumns,
  dicts: EventDictionaries,
  oldCount: number,
  gapMs: number,
  onDuplicate: (i: number) => void,
): { table: EventTable; derivedSessions: number } {
  const n = cols.length;
  const ts = cols.ts.subarray(0, n);
  const user = cols.user.subarray(0, n);
  let order = sortByUserTime(user, ts, n, dicts.user.size);
  if (oldCount > 0 && oldCount < n) {
    const dup = findDuplicates(cols, order, oldCount);
    let kept = 0;
    for (let k = 0; k < n; k++) {
      if (dup[order[k]]) onDuplicate(order[k]);
      else order[kept++] = order[k];
    }
    order = order.slice(0, kept);
  }
  // each unsorted column is released as soon as its sorted copy exists (peak memory ~ one extra column), and its
  // memory takes the next sorted column of its type: written once already, it costs no page faults (fresh memory
  // does, ~10 µs per 4 KB page on a VM), so only ts and kind are sorted into fresh memory
  const spare: TypedColumn[] = [cols.source, cols.line];
  cols.releaseProvenance();
  const m = order.length;
  const sorted = <K extends SortableColumn>(k: K, make: (m: number) => EventColumns[K]): EventColumns[K] => {
    const src = cols.release(k);
    const at = spare.findIndex((b) => b.constructor === src.constructor && b.length >= m);
    const out = at >= 0 ? spare.splice(at, 1)[0].subarray(0, m) : make(m);
    spare.push(src);
    return permute(src, order, () => out as never) as EventColumns[K];
  };
  const session = sorted("session", (m) => new Int32Array(m));
  const sortedUser = sorted("user", (m) => new Int32Array(m));
  const sortedTs = sorted("ts", (m) => new Float64Array(m));
  const derivedSessions = deriveSessions(sortedUser, sortedTs, session, dicts.user, dicts.session, gapMs);
  const table: EventTable = {
    length: order.length,
    ts: sortedTs,
    user: sortedUser,
    session,
    item: sorted("item", (m) => new Int32Array(m)),
    kind: sorted("kind", (m) => new Uint8Array(m)),
    price: sorted("price", (m) => new Float64Array(m)),
    quantity: sorted("quantity", (m) => new Int32Array(m)),
    category: sorted("category", (m) => new Int32Array(m)),
    order: sorted("order", (m) => new Int32Array(m)),
    dicts,
  };
  return { table, derivedSessions };
}

/** Copies an existing dataset's events in front of the new ones (--append). */
export function seedColumns(cols: EventColumns, t: EventTable): number {
  for (let i = 0; i < t.length; i++) {
    cols.reserve();
    cols.ts[i] = t.ts[i];
    cols.user[i] = t.user[i];
    cols.session[i] = t.session[i];
    cols.item[i] = t.item[i];
    cols.kind[i] = t.kind[i];
    cols.price[i] = t.price[i];
    cols.quantity[i] = t.quantity[i];
    cols.category[i] = t.category[i];
    cols.order[i] = t.order[i];
    cols.source[i] = -1;
    cols.line[i] = 0;
    cols.length++;
  }
  return t.length;
}

/** An event as a canonical CSV row (a quarantined duplicate's raw cell). */
export function canonicalRow(c: EventColumns, d: EventDictionaries, i: number): string {
  const id = (dict: Dictionary, code: number) => (code >= 0 ? dict.get(code) : "");
  return [
    new Date(c.ts[i]).toISOString(),
    id(d.user, c.user[i]),
    id(d.session, c.session[i]),
    EVENT_KINDS[c.kind[i]],
    id(d.item, c.item[i]),
    c.price[i] === c.price[i] ? String(c.price[i]) : "",
    String(c.quantity[i]),
  ]
    .map(csvField)
    .join(",");
}
