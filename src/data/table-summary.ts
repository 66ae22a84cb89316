import { EVENT_KINDS } from "../data/event-kind.js";
import type { EventTable } from "../data/event-table.js";

/** Headline counts of a dataset (what ingest reports and the manifest records). */
export function summariseTable(t: EventTable) {
  const byKind = new Array<number>(EVENT_KINDS.length).fill(0);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < t.length; i++) {
    byKind[t.kind[i]]++;
    const ts = t.ts[i];
    if (ts < min) min = ts;
    if (ts > max) max = ts;
  }
  const eventsByType: Record<string, number> = {};
  EVENT_KINDS.forEach((k, i) => (eventsByType[k] = byKind[i]));
  return {
    events: t.length,
    eventsByType,
    users: distinct(t.user, t.dicts.user.size),
    items: distinct(t.item, t.dicts.item.size),
    sessions: distinct(t.session, t.dicts.session.size),
    timeSpan: {
      from: t.length ? new Date(min).toISOString() : null,
      to: t.length ? new Date(max).toISOString() : null,
      days: t.length ? Math.round(((max - min) / 86_400_000) * 1000) / 1000 : 0,
    },
  };
}

/** Number of distinct codes that occur (dictionaries may hold ids whose events were all rejected). */
export function distinct(codes: Int32Array, size: number): number {
  const seen = new Uint8Array(size);
  let n = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0 && !seen[c]) {
      seen[c] = 1;
      n++;
    }
  }
  return n;
}
