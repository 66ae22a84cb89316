import type { EventTable } from "../../data/event-table.js";
import { EventKind } from "../../data/event-kind.js";
import type { CaseSet, EvalCase, UserFacts } from "../eval-case.js";
import { historyOf } from "./history-of.js";

export interface UserHoldoutOptions {
  /** What the user does after the cut that counts: purchases (default) or cart adds. */
  target: "purchase" | "cart";
  /** Only target events within this long after the cut (Infinity: all). */
  horizonMs: number;
  /** The most recent events before the cut given as history. */
  maxHistory: number;
}

/**
 * A global time cut: every user with history before it and a target event (a purchase, or a cart
 * add) after it is a case; the history is their last events before the cut, the targets the distinct
 * items of their target events after it. The table is sorted by user, then time.
 */
export function userHoldoutCases(t: EventTable, cut: number, users: UserFacts, o: UserHoldoutOptions): CaseSet {
  const want = o.target === "cart" ? EventKind.cart_add : EventKind.purchase;
  const cases: EvalCase[] = [];
  const stats = { usersBeforeCut: 0, usersWithTargetsAfterCut: 0, usersWithoutHistory: 0 };
  let i = 0;
  while (i < t.length) {
    const u = t.user[i];
    let end = i;
    while (end < t.length && t.user[end] === u) end++;
    let split = i;
    while (split < end && t.ts[split] < cut) split++;
    const targets = new Set<number>();
    for (let j = split; j < end && t.ts[j] < cut + o.horizonMs; j++) if (t.kind[j] === want) targets.add(t.item[j]);
    if (split > i) stats.usersBeforeCut++;
    if (targets.size > 0) {
      stats.usersWithTargetsAfterCut++;
      if (split === i) stats.usersWithoutHistory++;
      else {
        const from = Math.max(i, split - o.maxHistory);
        cases.push({
          id: t.dicts.user.get(u),
          group: cases.length,
          user: u,
          history: historyOf(t, rangeIndices(from, split), 0, split - from),
          now: cut,
          targets: Int32Array.from(targets),
          returning: true,
          earlierCart: users.firstCartTs[u] < cut,
          targetKind: want,
        });
      }
    }
    i = end;
  }
  return { cases, groups: cases.length, stats: { ...stats, cases: cases.length } };
}

function rangeIndices(from: number, to: number): Int32Array {
  return Int32Array.from({ length: to - from }, (_, x) => from + x);
}
