import type { EventTable } from "../../data/event-table.js";
import { EventKind } from "../../data/event-kind.js";
import { timelines } from "../../data/timelines.js";
import type { CaseSet, EvalCase, UserFacts } from "../eval-case.js";
import { historyOf } from "./history-of.js";

/**
 * OTTO's protocol: each test session (starting at or after the cut, at least 2 events) is cut at a
 * random point (seeded, uniform over 1 .. n-1); the events before it are the history; the targets are
 * the future of the session: the next view ("clicks"), and every item carted or ordered later.
 * Unknown items stay in the targets: they are real misses of any model trained before the cut.
 */
export function sessionFutureCases(t: EventTable, cut: number, users: UserFacts, random: () => number): CaseSet {
  const tl = timelines(t, "session");
  const cases: EvalCase[] = [];
  const stats = { testSessions: 0, droppedShortSessions: 0, casesWithoutTargets: 0 };
  for (let s = 0; s + 1 < tl.offsets.length; s++) {
    const from = tl.offsets[s];
    const to = tl.offsets[s + 1];
    if (t.ts[tl.events[from]] < cut) continue;
    stats.testSessions++;
    const n = to - from;
    if (n < 2) {
      stats.droppedShortSessions++;
      continue;
    }
    const at = 1 + Math.floor(random() * (n - 1));
    const future = tl.events.subarray(from + at, to);
    const clicks: number[] = [];
    const carts = new Set<number>();
    const orders = new Set<number>();
    const all = new Set<number>();
    for (const i of future) {
      const k = t.kind[i];
      if (k === EventKind.view && clicks.length === 0) clicks.push(t.item[i]);
      if (k === EventKind.cart_add) carts.add(t.item[i]);
      if (k === EventKind.purchase) orders.add(t.item[i]);
      all.add(t.item[i]);
    }
    const user = t.user[tl.events[from]];
    const last = tl.events[from + at - 1];
    cases.push({
      id: t.dicts.session.get(t.session[last]),
      group: cases.length,
      user,
      history: historyOf(t, tl.events, from, from + at),
      targets: Int32Array.from(all),
      typed: { clicks: Int32Array.from(clicks), carts: Int32Array.from(carts), orders: Int32Array.from(orders) },
      returning: users.firstTs[user] < cut,
      earlierCart: users.firstCartTs[user] <= t.ts[last],
      targetKind: t.kind[future[0]],
    });
  }
  return { cases, groups: cases.length, stats: { ...stats, cases: cases.length } };
}
