import { EventKind } from "../../data/event-kind.js";
import type { EventTable } from "../../data/event-table.js";
import { seededRandom } from "../../data/random.js";
import type { MomentKind } from "../../moments/moment-kind.js";
import { MOMENT_KINDS } from "../../moments/registry.js";
import { startsSession } from "../../moments/session-start.js";
import type { HistoryEvent } from "../recommender.js";
import type { LabelQueries } from "./label-queries.js";

/** The moment protocols a ranker can learn from: evaluate's protocols of the same name, from the moment registry. */
export const MOMENT_PROTOCOLS = ["empty-cart", "add-to-cart", "abandoned-cart"] as const;
export type MomentProtocol = (typeof MOMENT_PROTOCOLS)[number];

export function isMomentProtocol(p: string): p is MomentProtocol {
  return (MOMENT_PROTOCOLS as readonly string[]).includes(p);
}

/** How many moments the label window held, and why some gave no query. */
export interface MomentCounts {
  /** Moments whose row is in the window. */
  found: number;
  /** Of those, moments without a carted or bought target before the window's end. */
  withoutTargets: number;
  /** Moments whose history holds no item the generators know (serving answers them with popularity, not the ranker). */
  withoutKnownHistory: number;
}

export interface MomentLabelQueries extends LabelQueries {
  moments: MomentCounts;
}

/**
 * Training queries from the moments of `protocol` whose row is in the label window [from, to), found by the moment
 * registry's detector (the one `cartlift replay` and `evaluate --protocol` use), built as evaluate's protocol of that
 * name builds its cases: the history is the user's last `maxHistory` events before the kind's seed row (empty-cart:
 * before the return; add-to-cart: the add included), the request time is the moment's, the excluded items (add-to-cart:
 * the cart and the added item) are never candidates, and the targets are the distinct items carted or bought from
 * where the kind's outcomes start, in that session (empty-cart: the return's; add-to-cart: the add's, after it;
 * abandoned-cart: the return's), excluded items left out, before `to`. Moments without a target, or whose history has
 * no item the generators know (`known`), give no query and are counted. Past `maxQueries`, whole sessions are sampled
 * (seeded). Queries are numbered by session (of the moment's row) in order of time: the validation slice is the latest.
 */
export function momentLabelQueries(
  t: EventTable,
  from: number,
  to: number,
  protocol: MomentProtocol,
  o: { ttlMs: number; maxHistory: number },
  known: Uint8Array,
  maxQueries: number,
  seed: number,
): MomentLabelQueries {
  const kind = MOMENT_KINDS[protocol] as unknown as MomentKind<unknown>;
  const { moments } = kind.detect(t, { ttlMs: o.ttlMs, ttlFrom: "last-activity" });
  const counts: MomentCounts = { found: 0, withoutTargets: 0, withoutKnownHistory: 0 };
  // sessions as runs of a user's rows (the table is sorted by user, then time)
  const runOf = new Int32Array(t.length);
  for (let i = 0, run = -1; i < t.length; i++) runOf[i] = startsSession(t, i) ? ++run : run;
  interface Query {
    run: number;
    history: HistoryEvent[];
    now: number;
    targets: Int32Array;
    exclude: Int32Array | null;
  }
  const queries: Query[] = [];
  for (const raw of moments) {
    const m = kind.replayMoment(t, raw);
    const at = kind.timeOf ? kind.timeOf(t, raw) : t.ts[m.event];
    if (at < from || at >= to) continue;
    counts.found++;
    const exclude = new Set(m.exclude);
    const targets = new Set<number>();
    // add-to-cart's outcomes run in the add's session, the others' in the session where they start
    const anchor = protocol === "add-to-cart" ? m.event : m.outcomeFrom;
    for (let j = m.outcomeFrom; j >= 0 && j < t.length && t.user[j] === m.user && t.ts[j] < to; j++) {
      if (j > anchor && startsSession(t, j)) break;
      const k = t.kind[j];
      if ((k === EventKind.cart_add || k === EventKind.purchase) && !exclude.has(t.item[j])) targets.add(t.item[j]);
    }
    if (targets.size === 0) {
      counts.withoutTargets++;
      continue;
    }
    let start = m.seedEnd;
    while (start > 0 && t.user[start - 1] === m.user && m.seedEnd - start < o.maxHistory) start--;
    let knows = false;
    const history: HistoryEvent[] = [];
    for (let i = start; i < m.seedEnd; i++) {
      history.push({ item: t.item[i], kind: t.kind[i], ts: t.ts[i] });
      if (known[t.item[i]]) knows = true;
    }
    if (!knows) {
      counts.withoutKnownHistory++;
      continue;
    }
    queries.push({
      run: runOf[m.event],
      history,
      now: m.now,
      targets: Int32Array.from(targets),
      exclude: exclude.size > 0 ? Int32Array.from(exclude) : null,
    });
  }
  // whole sessions, in order of their first moment's time
  const sessions = new Map<number, Query[]>();
  for (const q of queries) (sessions.get(q.run) ?? sessions.set(q.run, []).get(q.run)!).push(q);
  let picked = [...sessions.values()];
  if (queries.length > maxQueries) {
    const random = seededRandom(seed);
    for (let i = picked.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [picked[i], picked[j]] = [picked[j], picked[i]];
    }
    let total = 0;
    const take: Query[][] = [];
    for (const s of picked) {
      if (total >= maxQueries) break;
      take.push(s);
      total += s.length;
    }
    picked = take;
  }
  picked.sort((a, b) => a[0].now - b[0].now || a[0].run - b[0].run);
  const out: MomentLabelQueries = {
    histories: [],
    targets: [],
    session: new Int32Array(picked.reduce((n, s) => n + s.length, 0)),
    sessions: picked.length,
    windowSessions: sessions.size,
    windowQueries: queries.length,
    now: new Float64Array(picked.reduce((n, s) => n + s.length, 0)),
    exclude: [],
    moments: counts,
  };
  let q = 0;
  picked.forEach((s, number) => {
    for (const x of s) {
      out.histories.push(x.history);
      out.targets.push(x.targets);
      out.exclude!.push(x.exclude);
      out.session[q] = number;
      out.now![q++] = x.now;
    }
  });
  return out;
}
