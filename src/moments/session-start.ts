import type { EventTable } from "../data/event-table.js";

/** Ingest's inactivity gap: events without a session id more than this far apart are in different sessions. */
export const SESSION_GAP_MS = 30 * 60_000;

/**
 * Whether row `i` starts a session of its user: the user's first event, a different session id, or, where either
 * event has no session id (-1), a gap of more than `gapMs` (ingest's 30 minutes). The table is sorted by user, then
 * time.
 */
export function startsSession(t: EventTable, i: number, gapMs = SESSION_GAP_MS): boolean {
  if (i === 0 || t.user[i] !== t.user[i - 1]) return true;
  const a = t.session[i - 1];
  const b = t.session[i];
  if (a === -1 || b === -1) return t.ts[i] - t.ts[i - 1] > gapMs;
  return a !== b;
}
