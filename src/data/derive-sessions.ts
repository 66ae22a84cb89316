import type { Dictionary } from "./dictionary.js";
import { SessionDeriver } from "./session-deriver.js";

/**
 * Fills in sessions for events that have none (session = -1), on columns sorted by user then time:
 * a new session starts with each user and after `gapMs` without activity (30 minutes by default, the
 * usual web analytics convention). Derived ids are "<user>#<n>", n counting the user's derived sessions
 * (and skipping ids the dictionary already holds, so that --append never merges into an old session).
 */
export function deriveSessions(
  user: Int32Array,
  ts: Float64Array,
  session: Int32Array,
  users: Dictionary,
  sessions: Dictionary,
  gapMs: number,
): number {
  const deriver = new SessionDeriver(users, sessions, gapMs);
  deriver.feed(user, ts, session, session.length);
  return deriver.derived;
}
