import { describe, expect, it } from "vitest";
import { deriveSessions } from "../../src/data/derive-sessions.js";
import { Dictionary } from "../../src/data/dictionary.js";

const MIN = 60_000;
const GAP = 30 * MIN;

/** Runs deriveSessions on (user id, minute, session id or null) rows already sorted by user and time. */
function derive(rows: [string, number, string | null][], sessions = new Dictionary()) {
  const users = new Dictionary();
  const user = Int32Array.from(rows.map(([u]) => users.intern(u)));
  const ts = Float64Array.from(rows.map(([, m]) => m * MIN));
  const session = Int32Array.from(rows.map(([, , s]) => (s === null ? -1 : sessions.intern(s))));
  const derived = deriveSessions(user, ts, session, users, sessions, GAP);
  return { derived, ids: Array.from(session, (c) => sessions.get(c)) };
}

describe("deriveSessions", () => {
  it("deriveSessions(...) starts a new session after more than 30 minutes of inactivity, not at exactly 30", () => {
    const { derived, ids } = derive([
      ["u", 0, null],
      ["u", 10, null],
      ["u", 40, null], // exactly 30 min after the previous event: same session
      ["u", 70.001, null], // 30 min + 60 ms later: new session
      ["u", 75, null],
      ["u", 24 * 60, null], // the next day
    ]);
    expect(ids).toEqual(["u#1", "u#1", "u#1", "u#2", "u#2", "u#3"]);
    expect(derived).toBe(3);
  });

  it("deriveSessions(...) numbers each user's sessions from 1 and starts one per user even without a gap", () => {
    const { derived, ids } = derive([
      ["a", 0, null],
      ["a", 100, null],
      ["b", 100, null],
      ["c", 101, null],
    ]);
    expect(ids).toEqual(["a#1", "a#2", "b#1", "c#1"]);
    expect(derived).toBe(4);
  });

  it("deriveSessions(...) keeps sessions given in the input and starts a new one after them", () => {
    const { derived, ids } = derive([
      ["u", 0, null],
      ["u", 1, "web-17"],
      ["u", 2, null],
      ["u", 3, null],
    ]);
    expect(ids).toEqual(["u#1", "web-17", "u#2", "u#2"]);
    expect(derived).toBe(2);
  });

  it("deriveSessions(...) skips ids already in the session dictionary (sessions derived before an --append)", () => {
    const sessions = Dictionary.fromStrings(["u#1", "u#2"]);
    const { derived, ids } = derive(
      [
        ["u", 0, "u#1"], // old events, derived by the first ingest
        ["u", 60, "u#2"],
        ["u", 2000, null], // appended the next day
        ["u", 2005, null],
        ["u", 3000, null],
      ],
      sessions,
    );
    expect(ids).toEqual(["u#1", "u#2", "u#3", "u#3", "u#4"]);
    expect(derived).toBe(2);
  });
});
