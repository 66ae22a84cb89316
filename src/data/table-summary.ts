import { EVENT_KINDS } from "../data/event-kind.js";
import type { EventColumnArrays, EventDictionaries, EventTable } from "../data/event-table.js";

/** Headline counts of a dataset (what ingest reports and the manifest records). */
export function summariseTable(t: EventTable) {
  const s = new TableSummary();
  s.add(t, 0, t.length, t.dicts);
  return s.result();
}

export type DatasetSummary = ReturnType<TableSummary["result"]>;

/** The same counts gathered over the rows as they stream past (a dataset written batch by batch). */
export class TableSummary {
  private readonly byKind = new Array<number>(EVENT_KINDS.length).fill(0);
  private min = Infinity;
  private max = -Infinity;
  private events = 0;
  private seen: { user: Uint8Array; item: Uint8Array; session: Uint8Array } | null = null;
  private distinct = { user: 0, item: 0, session: 0 };

  /** Counts rows [from, to); the dictionaries must be complete before the first call (their sizes bound the codes). */
  add(c: EventColumnArrays, from: number, to: number, dicts: EventDictionaries): void {
    this.seen ??= {
      user: new Uint8Array(dicts.user.size),
      item: new Uint8Array(dicts.item.size),
      session: new Uint8Array(dicts.session.size),
    };
    for (let i = from; i < to; i++) {
      this.byKind[c.kind[i]]++;
      const ts = c.ts[i];
      if (ts < this.min) this.min = ts;
      if (ts > this.max) this.max = ts;
    }
    this.events += to - from;
    for (const k of ["user", "item", "session"] as const) this.distinct[k] += mark(c[k], from, to, this.seen[k]);
  }

  result() {
    const eventsByType: Record<string, number> = {};
    EVENT_KINDS.forEach((k, i) => (eventsByType[k] = this.byKind[i]));
    const { min, max, events } = this;
    return {
      events,
      eventsByType,
      users: this.distinct.user,
      items: this.distinct.item,
      sessions: this.distinct.session,
      timeSpan: {
        from: events ? new Date(min).toISOString() : null,
        to: events ? new Date(max).toISOString() : null,
        days: events ? Math.round(((max - min) / 86_400_000) * 1000) / 1000 : 0,
      },
    };
  }
}

/** Number of distinct codes that occur (dictionaries may hold ids whose events were all rejected). */
export function distinct(codes: Int32Array, size: number): number {
  return mark(codes, 0, codes.length, new Uint8Array(size));
}

/** Marks the codes of [from, to) in `seen`; returns how many were new. */
function mark(codes: Int32Array, from: number, to: number, seen: Uint8Array): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = codes[i];
    if (c >= 0 && !seen[c]) {
      seen[c] = 1;
      n++;
    }
  }
  return n;
}
