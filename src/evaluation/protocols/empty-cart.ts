import type { EventTable } from "../../data/event-table.js";
import { EventKind } from "../../data/event-kind.js";
import { emptyCartMoments } from "../../moments/empty-cart-moments.js";
import type { CaseSet, EvalCase, UserFacts } from "../eval-case.js";
import { historyOf } from "./history-of.js";

/**
 * Empty-cart moments at or after the cut (see moments/empty-cart-moments.ts): the history is the
 * user's last events before the moment (the expired cart among them), the targets the distinct items
 * the user carts or buys in the moment's session, or within `windowMs` of the moment when given (a
 * longer attribution window). Moments without any are counted, not scored.
 */
export function emptyCartCases(
  t: EventTable,
  cut: number,
  users: UserFacts,
  o: { ttlMs: number; maxHistory: number; windowMs?: number },
): CaseSet {
  const { moments, orphanRemoves, orphanPurchases } = emptyCartMoments(t, o.ttlMs);
  const cases: EvalCase[] = [];
  const groupOf = new Map<number, number>(); // a user's moments are resampled together
  const stats = {
    moments: 0,
    momentsBeforeCut: 0,
    momentsWithoutTargets: 0,
    expiredItems: 0,
    orphanRemoves,
    orphanPurchases,
  };
  for (const m of moments) {
    if (t.ts[m.event] < cut) {
      stats.momentsBeforeCut++;
      continue;
    }
    stats.moments++;
    stats.expiredItems += m.expired.length;
    const targets = new Set<number>();
    let targetKind = -1;
    const inWindow = (j: number) =>
      o.windowMs === undefined ? t.session[j] === t.session[m.event] : t.ts[j] < t.ts[m.event] + o.windowMs;
    for (let j = m.event; j < t.length && t.user[j] === m.user && inWindow(j); j++) {
      const k = t.kind[j];
      if (k !== EventKind.cart_add && k !== EventKind.purchase) continue;
      if (targets.size === 0) targetKind = k;
      targets.add(t.item[j]);
    }
    if (targets.size === 0) {
      stats.momentsWithoutTargets++;
      continue;
    }
    let from = m.event;
    while (from > 0 && t.user[from - 1] === m.user && m.event - from < o.maxHistory) from--;
    cases.push({
      id: `${t.dicts.user.get(m.user)}@${new Date(t.ts[m.event]).toISOString()}`,
      group: groupOf.get(m.user) ?? groupOf.set(m.user, groupOf.size).size - 1,
      user: m.user,
      history: historyOf(
        t,
        Int32Array.from({ length: m.event - from }, (_, x) => from + x),
        0,
        m.event - from,
      ),
      now: t.ts[m.event],
      targets: Int32Array.from(targets),
      returning: true,
      earlierCart: true,
      targetKind,
    });
  }
  return { cases, groups: groupOf.size, stats: { ...stats, cases: cases.length } };
}
