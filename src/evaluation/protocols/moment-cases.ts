import type { EventTable } from "../../data/event-table.js";
import { EventKind } from "../../data/event-kind.js";
import { startsSession } from "../../moments/session-start.js";
import type { MomentKind } from "../../moments/moment-kind.js";
import type { CaseSet, EvalCase, UserFacts } from "../eval-case.js";
import { historyOf } from "./history-of.js";

/**
 * A protocol from a moment kind of the registry (add-to-cart, abandoned-cart), with the same detector as `cartlift
 * replay`: a case per moment at or after the cut. The history is the user's last events before the kind's seed row
 * (add-to-cart and abandoned-cart: the moment's own event included), the model never shows the kind's excluded items
 * (the cart), and the targets are the distinct items carted or bought from where the kind's outcomes start (after
 * the add; on the return) in that row's session, or within `windowMs` of the anchor when given, excluded items left
 * out. Moments without any target are counted, not scored.
 */
export function momentCases<M>(
  t: EventTable,
  cut: number,
  users: UserFacts,
  kind: MomentKind<M>,
  o: { ttlMs: number; maxHistory: number; windowMs?: number },
): CaseSet {
  const { moments, orphanRemoves, orphanPurchases } = kind.detect(t, { ttlMs: o.ttlMs, ttlFrom: "last-activity" });
  const cases: EvalCase[] = [];
  const groupOf = new Map<number, number>();
  const stats = { moments: 0, momentsBeforeCut: 0, momentsWithoutTargets: 0, orphanRemoves, orphanPurchases };
  for (const raw of moments) {
    const m = kind.replayMoment(t, raw);
    if (t.ts[m.event] < cut) {
      stats.momentsBeforeCut++;
      continue;
    }
    stats.moments++;
    const exclude = new Set(m.exclude);
    const targets = new Set<number>();
    let targetKind = -1;
    // add-to-cart's window runs from the add (its session), abandoned-cart's from the return
    const anchor = kind.name === "add-to-cart" ? m.event : m.outcomeFrom;
    for (let j = m.outcomeFrom; j >= 0 && j < t.length && t.user[j] === m.user; j++) {
      if (o.windowMs === undefined ? j > anchor && startsSession(t, j) : t.ts[j] >= t.ts[anchor] + o.windowMs) break;
      const k = t.kind[j];
      if ((k !== EventKind.cart_add && k !== EventKind.purchase) || exclude.has(t.item[j])) continue;
      if (targets.size === 0) targetKind = k;
      else if (targetKind !== k) targetKind = -1;
      targets.add(t.item[j]);
    }
    if (targets.size === 0) {
      stats.momentsWithoutTargets++;
      continue;
    }
    let from = m.seedEnd;
    while (from > 0 && t.user[from - 1] === m.user && m.seedEnd - from < o.maxHistory) from--;
    cases.push({
      id: `${t.dicts.user.get(m.user)}@${new Date(t.ts[m.event]).toISOString()}`,
      group: groupOf.get(m.user) ?? groupOf.set(m.user, groupOf.size).size - 1,
      user: m.user,
      history: historyOf(
        t,
        Int32Array.from({ length: m.seedEnd - from }, (_, x) => from + x),
        0,
        m.seedEnd - from,
      ),
      now: m.now,
      targets: Int32Array.from(targets),
      ...(exclude.size > 0 ? { exclude: Int32Array.from(exclude) } : {}),
      returning: users.firstTs[m.user] < t.ts[m.event],
      earlierCart: users.firstCartTs[m.user] < t.ts[m.event],
      targetKind,
    });
  }
  return { cases, groups: groupOf.size, stats: { ...stats, cases: cases.length } };
}
