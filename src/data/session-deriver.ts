import type { Dictionary } from "./dictionary.js";

/**
 * Fills in sessions for events that have none (session = -1), fed in dataset order (user, then time) one stretch of
 * rows at a time: a new session starts with each user and after `gapMs` without activity. Derived ids are
 * "<user>#<n>", n counting the user's derived sessions and skipping ids the dictionary already holds (so --append
 * never merges into an old session). Each derived session adds exactly one id, so the codes are consecutive from the
 * dictionary's size at the start: `replayFrom` gives the same codes again without interning (a second pass over the
 * same rows, once the dictionary is complete).
 */
export class SessionDeriver {
  derived = 0;
  private current = -1;
  private n = 0;
  private prevUser = -1;
  private prevTs = 0;
  private first = true;

  constructor(
    private readonly users: Dictionary,
    private readonly sessions: Dictionary,
    private readonly gapMs: number,
    private readonly replayFrom = -1,
  ) {}

  /** Derives the sessions of rows [0, length) of the columns, which continue the rows fed before. */
  feed(user: Int32Array, ts: Float64Array, session: Int32Array, length: number): void {
    for (let i = 0; i < length; i++) {
      const u = user[i];
      const newUser = this.first || u !== this.prevUser;
      const gap = ts[i] - this.prevTs;
      this.first = false;
      this.prevUser = u;
      this.prevTs = ts[i];
      if (newUser) this.n = 0;
      if (session[i] !== -1) {
        this.current = -1;
        continue;
      }
      if (this.current === -1 || newUser || gap > this.gapMs) this.current = this.next(u);
      session[i] = this.current;
    }
  }

  private next(user: number): number {
    const code = this.replayFrom >= 0 ? this.replayFrom + this.derived : this.intern(user);
    this.derived++;
    return code;
  }

  private intern(user: number): number {
    // an id the dictionary holds already (derived by an earlier ingest, before --append) is skipped
    const { sessions } = this;
    const size = sessions.size;
    let code;
    do code = sessions.intern(`${this.users.get(user)}#${++this.n}`);
    while (sessions.size === size);
    return code;
  }
}
