import { seededRandom } from "../../data/random.js";
import type { EventTable } from "../../data/event-table.js";
import { timelines } from "../../data/timelines.js";
import type { HistoryEvent } from "../recommender.js";
import type { RerankProtocol } from "./rerank-options.js";

export interface LabelQueries {
  histories: HistoryEvent[][];
  /** The query's target items (one for session-next, every later distinct item for session-future). */
  targets: Int32Array[];
  /** The query's session, numbered in order of the sessions' start time (the validation slice is the latest). */
  session: Int32Array;
  sessions: number;
  /** Sessions of the label window before sampling down to `maxQueries`. */
  windowSessions: number;
  windowQueries: number;
  /** The request time of each query (default: its history's last event). */
  now?: Float64Array;
  /** Items each query must not show (add-to-cart: the cart), never candidates; null: none. */
  exclude?: (Int32Array | null)[];
}

/**
 * Training queries from the label window [labelCut, until): sessions that start in it, with the events whose items the
 * generators know (events before labelCut), at least two long; every later position is a query whose history is the
 * session before it (as evaluate's protocols build cases). Past `maxQueries`, whole sessions are sampled (seeded).
 * With `fold` (a flag per session code), the sessions are the fold's instead, every event before `until` (label folds:
 * the generators were fitted without those sessions, so labelCut is not used).
 */
export function labelQueries(
  t: EventTable,
  labelCut: number,
  until: number,
  protocol: RerankProtocol,
  known: Uint8Array,
  maxQueries: number,
  seed: number,
  fold?: Uint8Array,
): LabelQueries {
  const tl = fold
    ? timelines(t, "session", (i) => fold[t.session[i]] === 1 && t.ts[i] < until)
    : timelines(t, "session", (i) => t.ts[i] >= labelCut && t.ts[i] < until);
  const sessionStart = new Float64Array(t.dicts.session.size).fill(Infinity);
  for (let i = 0; i < t.length; i++) if (t.ts[i] < sessionStart[t.session[i]]) sessionStart[t.session[i]] = t.ts[i];
  let windowQueries = 0;
  const kept: number[] = [];
  const spans: { start: number; events: number[] }[] = [];
  for (let s = 0; s + 1 < tl.offsets.length; s++) {
    const from = tl.offsets[s];
    const to = tl.offsets[s + 1];
    // a session that began before the cut is not in the window (its start would leak past the generators' data)
    if (!fold && sessionStart[t.session[tl.events[from]]] < labelCut) continue;
    kept.length = 0;
    for (let x = from; x < to; x++) if (known[t.item[tl.events[x]]]) kept.push(tl.events[x]);
    if (kept.length < 2) continue;
    spans.push({ start: t.ts[kept[0]], events: kept.slice() });
    windowQueries += kept.length - 1;
  }
  let picked = spans.map((_, i) => i);
  if (windowQueries > maxQueries) {
    const random = seededRandom(seed);
    for (let i = picked.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [picked[i], picked[j]] = [picked[j], picked[i]];
    }
    let total = 0;
    const take: number[] = [];
    for (const i of picked) {
      if (total >= maxQueries) break;
      take.push(i);
      total += spans[i].events.length - 1;
    }
    picked = take;
  }
  picked.sort((a, b) => spans[a].start - spans[b].start || a - b);
  const histories: HistoryEvent[][] = [];
  const targets: Int32Array[] = [];
  const session: number[] = [];
  picked.forEach((i, s) => {
    const ev = spans[i].events;
    const hist: HistoryEvent[] = ev.map((e) => ({ item: t.item[e], kind: t.kind[e], ts: t.ts[e] }));
    for (let p = 1; p < ev.length; p++) {
      histories.push(hist.slice(0, p));
      targets.push(protocol === "session-next" ? Int32Array.of(hist[p].item) : distinctItems(hist, p));
      session.push(s);
    }
  });
  return {
    histories,
    targets,
    session: Int32Array.from(session),
    sessions: picked.length,
    windowSessions: spans.length,
    windowQueries,
  };
}

function distinctItems(hist: readonly HistoryEvent[], from: number): Int32Array {
  return Int32Array.from(new Set(hist.slice(from).map((e) => e.item)));
}
