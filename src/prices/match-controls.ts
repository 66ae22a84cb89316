import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { seededRandom } from "../data/random.js";
import type { PriceDropMoment } from "./price-drop-moment.js";
import { boughtItem } from "./alert-outcomes.js";
import { AudienceScratch, audienceAt, type ItemColumns } from "./audience.js";
import type { Drops } from "./detect-drops.js";
import { userRowAtOrAfter } from "./drop-audience.js";
import type { ItemRows } from "./item-rows.js";

const DAY = 86_400_000;

/** One audience member and the user matched to it, with both outcomes per window and their pre-drop behaviour. */
export interface MatchedPairs {
  /** Per treated moment (index into the moments given): the matched control's user and item, -1 when unmatched. */
  controlUser: Int32Array;
  controlItem: Int32Array;
  controlSignalAt: Float64Array;
  /** Per window, per moment: bought the item (dropped, or the control's) in [drop, drop + window). */
  treatedBought: Float64Array[];
  controlBought: Float64Array[];
  /** Pre-drop behaviour over the `balanceMs` before the drop: events, and any purchase (0/1). */
  before: {
    treatedEvents: Float64Array;
    controlEvents: Float64Array;
    treatedBought: Float64Array;
    controlBought: Float64Array;
  };
}

export interface MatchOptions {
  lookbackMs: number;
  windowsMs: readonly number[];
  buyers: boolean;
  /** Control items drawn per drop from its category (seeded). */
  controlItems: number;
  /** How far before the drop the balance check looks (default 14 days). */
  balanceMs: number;
  /** A control item must have had no drop open in [drop - this, drop + longest window). */
  quietMs: number;
  seed: number;
}

/**
 * "What drops did" (docs/prices.md): each audience member of a drop (user u, dropped item i, signal s, time since the
 * signal) is matched to a user who did the same thing with an item whose price did not drop at that time: exact on
 * the signal and on i's category, nearest on the time since the signal (ties: the first), with replacement. Control
 * items are up to `controlItems` items of the category (a seeded draw) without a drop open in [drop - quietMs,
 * drop + the longest window); their audience at the drop's time is found by the same rules as the treated one.
 * Observational: the shop chose when to drop.
 */
export function matchControls(
  t: EventTable,
  g: ItemRows,
  drops: Drops,
  moments: readonly PriceDropMoment[],
  userStart: Int32Array,
  o: MatchOptions,
  columns?: ItemColumns,
): MatchedPairs {
  const n = moments.length;
  const category = itemCategories(t);
  const inCategory = new Map<number, number[]>();
  category.forEach((c, i) => (inCategory.get(c) ?? inCategory.set(c, []).get(c)!).push(i));
  const dropsOf = new Map<number, number[]>();
  for (let d = 0; d < drops.length; d++)
    (dropsOf.get(drops.item[d]) ?? dropsOf.set(drops.item[d], []).get(drops.item[d])!).push(d);
  const longest = Math.max(0, ...o.windowsMs);
  const quiet = (j: number, at: number) =>
    (dropsOf.get(j) ?? []).every((d) => drops.at[d] >= at + longest || drops.restoredAt[d] <= at - o.quietMs);
  const out: MatchedPairs = {
    controlUser: new Int32Array(n).fill(-1),
    controlItem: new Int32Array(n).fill(-1),
    controlSignalAt: new Float64Array(n).fill(NaN),
    treatedBought: o.windowsMs.map(() => new Float64Array(n)),
    controlBought: o.windowsMs.map(() => new Float64Array(n)),
    before: {
      treatedEvents: new Float64Array(n),
      controlEvents: new Float64Array(n),
      treatedBought: new Float64Array(n),
      controlBought: new Float64Array(n),
    },
  };
  const random = seededRandom(o.seed);
  const scratch = new AudienceScratch(t.dicts.user.size);
  // the moments of each drop, matched together against one pool of controls
  const byDrop = new Map<number, number[]>();
  moments.forEach((m, x) => (byDrop.get(m.drop) ?? byDrop.set(m.drop, []).get(m.drop)!).push(x));
  for (const [d, xs] of byDrop) {
    const item = drops.item[d];
    const at = drops.at[d];
    const candidates = (inCategory.get(category[item]) ?? []).filter((j) => j !== item && quiet(j, at));
    for (let a = candidates.length - 1; a > 0; a--) {
      const b = Math.floor(random() * (a + 1));
      [candidates[a], candidates[b]] = [candidates[b], candidates[a]];
    }
    // the pool: (signal, time since it, user, item), sorted by signal then time since
    const pool: { signal: number; since: number; user: number; item: number; signalAt: number }[] = [];
    for (const j of candidates.slice(0, o.controlItems)) {
      const a = audienceAt(t, g, j, at, o.lookbackMs, o.buyers, scratch, columns);
      for (let m = 0; m < a.user.length; m++)
        pool.push({
          signal: a.signal[m],
          since: at - a.signalAt[m],
          user: a.user[m],
          item: j,
          signalAt: a.signalAt[m],
        });
    }
    pool.sort((p, q) => p.signal - q.signal || p.since - q.since || p.user - q.user || p.item - q.item);
    for (const x of xs) {
      const m = moments[x];
      const c = nearest(pool, m.signal, at - m.signalAt);
      fillTreated(t, userStart, m, x, o, out);
      if (c === null) continue;
      out.controlUser[x] = c.user;
      out.controlItem[x] = c.item;
      out.controlSignalAt[x] = c.signalAt;
      const from = userRowAtOrAfter(t, userStart, c.user, at);
      const first = from < userStart[c.user + 1] ? from : -1;
      o.windowsMs.forEach((w, wi) => (out.controlBought[wi][x] = boughtItem(t, first, at + w, c.item) ? 1 : 0));
      const b = behaviourBefore(t, userStart, c.user, at, o.balanceMs);
      out.before.controlEvents[x] = b.events;
      out.before.controlBought[x] = b.bought;
    }
  }
  return out;
}

function fillTreated(
  t: EventTable,
  userStart: Int32Array,
  m: PriceDropMoment,
  x: number,
  o: MatchOptions,
  out: MatchedPairs,
): void {
  o.windowsMs.forEach((w, wi) => (out.treatedBought[wi][x] = boughtItem(t, m.outcomeFrom, m.at + w, m.item) ? 1 : 0));
  const b = behaviourBefore(t, userStart, m.user, m.at, o.balanceMs);
  out.before.treatedEvents[x] = b.events;
  out.before.treatedBought[x] = b.bought;
}

/** The pool entry with `signal` whose time since the signal is nearest `since` (the pool is sorted). */
function nearest<P extends { signal: number; since: number }>(pool: P[], signal: number, since: number): P | null {
  let lo = 0;
  let hi = pool.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pool[mid].signal < signal || (pool[mid].signal === signal && pool[mid].since < since)) lo = mid + 1;
    else hi = mid;
  }
  const right = lo < pool.length && pool[lo].signal === signal ? pool[lo] : null;
  const left = lo > 0 && pool[lo - 1].signal === signal ? pool[lo - 1] : null;
  if (!left) return right;
  if (!right) return left;
  return since - left.since <= right.since - since ? left : right;
}

/** A user's events and whether they bought anything in [at - spanMs, at). */
function behaviourBefore(t: EventTable, start: Int32Array, u: number, at: number, spanMs: number) {
  const a = userRowAtOrAfter(t, start, u, at - spanMs);
  const b = userRowAtOrAfter(t, start, u, at);
  let bought = 0;
  for (let r = a; r < b && !bought; r++) if (t.kind[r] === EventKind.purchase) bought = 1;
  return { events: b - a, bought };
}

/** Each item's category: the first one its events carry (-1: none; then all such items are one category). */
export function itemCategories(t: EventTable): Int32Array {
  const c = new Int32Array(t.dicts.item.size).fill(-1);
  for (let r = 0; r < t.length; r++) if (t.item[r] >= 0 && c[t.item[r]] < 0) c[t.item[r]] = t.category[r];
  return c;
}

export const BALANCE_MS = 14 * DAY;
