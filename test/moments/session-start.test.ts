import { describe, expect, it } from "vitest";
import { SESSION_GAP_MS, startsSession } from "../../src/moments/session-start.js";
import { MINUTE, timeline } from "./timeline.js";

// each row's answer, in table order
const starts = (t: ReturnType<typeof timeline>, gapMs?: number) =>
  Array.from({ length: t.length }, (_, i) => startsSession(t, i, gapMs));

describe("startsSession on hand-built timelines", () => {
  it("SESSION_GAP_MS is ingest's 30 minutes", () => {
    expect(SESSION_GAP_MS).toBe(30 * MINUTE);
  });

  it("startsSession(t, i) is true at a user's first event even when the previous user had the same session id", () => {
    const t = timeline([
      ["u", "s1", 0, "view", "a"],
      ["v", "s1", 1, "view", "a"], // another user, the same session code, one minute later
      ["w", null, 2, "view", "a"],
      ["x", null, 3, "view", "a"], // neither has a session id, one minute apart
    ]);
    expect(starts(t)).toEqual([true, true, true, true]);
  });

  it("startsSession(t, i) follows the session ids where both events have one, whatever the gap", () => {
    const t = timeline([
      ["u", "s1", 0, "view", "a"],
      ["u", "s1", 600, "view", "b"], // same id, ten hours later: the same session
      ["u", "s2", 601, "view", "c"], // another id, one minute later: a new one
    ]);
    expect(starts(t)).toEqual([true, false, true]);
  });

  it("startsSession(t, i) uses the default 30-minute gap where either event has no session id: exactly 30 min is the same session", () => {
    const t = timeline([
      ["u", "s1", 0, "view", "a"],
      ["u", null, 1, "view", "b"], // id then none, 1 min: same
      ["u", "s2", 2, "view", "c"], // none then an id, 1 min: same
      ["u", null, 32, "view", "d"], // 30 min exactly: same
      ["u", null, 62.001, "view", "e"], // 30 min + 60 ms: new
      ["u", "s2", 63, "view", "f"], // back to s2 after a gap under 30 min: same
    ]);
    expect(starts(t)).toEqual([true, false, false, false, true, false]);
  });

  it("startsSession(t, i) with the second session code and no id on the other side still goes by the gap", () => {
    // s0 is code 0, s1 code 1: a code 1 next to a row without an id must not be taken for a missing id
    const t = timeline([
      ["u", "s0", 0, "view", "a"],
      ["u", "s1", 5, "view", "a"],
      ["u", null, 6, "view", "b"],
      ["u", "s1", 7, "view", "c"],
      ["u", "s1", 100, "view", "c"],
    ]);
    expect(starts(t)).toEqual([true, true, false, false, false]);
  });

  it("startsSession(t, i, gapMs) takes the gap given: more than gapMs apart starts a session", () => {
    const t = timeline([
      ["u", null, 0, "view", "a"],
      ["u", null, 5, "view", "b"],
      ["u", null, 11, "view", "c"],
    ]);
    expect(starts(t, 5 * MINUTE)).toEqual([true, false, true]);
    expect(starts(t, 6 * MINUTE)).toEqual([true, false, false]);
  });
});
