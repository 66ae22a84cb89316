import type { EventTable } from "../../data/event-table.js";
import { timelines } from "../../data/timelines.js";
import type { CaseSet, EvalCase, UserFacts } from "../eval-case.js";
import { historyOf } from "./history-of.js";

/**
 * session-rec's next-item protocol (the reference's P1): test sessions are those that start at or
 * after the cut; events whose item is unknown before the cut are dropped (no model can name them),
 * then sessions left shorter than 2; every later position i is a case: the session's events before i
 * are the history, item i the target.
 */
export function sessionNextCases(t: EventTable, cut: number, known: Uint8Array, users: UserFacts): CaseSet {
  const tl = timelines(t, "session");
  const cases: EvalCase[] = [];
  const stats = { testSessions: 0, testEvents: 0, droppedUnknownItems: 0, droppedShortSessions: 0, scoredSessions: 0 };
  const kept: number[] = [];
  for (let s = 0; s + 1 < tl.offsets.length; s++) {
    const from = tl.offsets[s];
    const to = tl.offsets[s + 1];
    if (t.ts[tl.events[from]] < cut) continue;
    stats.testSessions++;
    stats.testEvents += to - from;
    kept.length = 0;
    for (let x = from; x < to; x++) {
      if (known[t.item[tl.events[x]]]) kept.push(tl.events[x]);
      else stats.droppedUnknownItems++;
    }
    if (kept.length < 2) {
      stats.droppedShortSessions++;
      continue;
    }
    const group = stats.scoredSessions++;
    const session = t.dicts.session.get(t.session[kept[0]]);
    const user = t.user[kept[0]];
    for (let i = 1; i < kept.length; i++) {
      const target = kept[i];
      cases.push({
        id: `${session}:${i}`,
        group,
        user,
        history: historyOf(t, kept, 0, i),
        targets: Int32Array.of(t.item[target]),
        returning: users.firstTs[user] < cut,
        earlierCart: users.firstCartTs[user] <= t.ts[kept[i - 1]],
        targetKind: t.kind[target],
      });
    }
  }
  return { cases, groups: stats.scoredSessions, stats: { ...stats, cases: cases.length } };
}
