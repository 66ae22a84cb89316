import type { Dictionary } from "./dictionary.js";

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
  let derived = 0;
  let current = -1;
  let n = 0;
  for (let i = 0; i < session.length; i++) {
    const newUser = i === 0 || user[i] !== user[i - 1];
    if (newUser) n = 0;
    if (session[i] !== -1) {
      current = -1;
      continue;
    }
    if (current === -1 || newUser || ts[i] - ts[i - 1] > gapMs) {
      // an id the dictionary holds already (derived by an earlier ingest, before --append) is skipped
      const size = sessions.size;
      do current = sessions.intern(`${users.get(user[i])}#${++n}`);
      while (sessions.size === size);
      derived++;
    }
    session[i] = current;
  }
  return derived;
}
