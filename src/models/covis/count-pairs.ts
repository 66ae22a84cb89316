import type { EventTable } from "../../data/event-table.js";
import { PairTable } from "./pair-table.js";
import type { Timelines } from "./timelines.js";

/** What makes two events of one timeline a weighted pair (see docs/covis.md). */
export interface PairParams {
  /** At most this many positions apart (OTTO: 30). */
  maxGap: number;
  /** At most this far apart in time (OTTO: 24 h). */
  windowMs: number;
  /** Weight of a pair by the event type of its neighbour (the later item for a -> b with a first), per EventKind code; 0 leaves the pair out. */
  kindWeight: Float64Array;
  /** Half-life of the time decay, relative to `endMs` (Infinity: no decay). */
  halfLifeMs: number;
  endMs: number;
  /** Weight pairs by 1 / (positions apart). */
  positionDecay: boolean;
}

/**
 * Co-visitation weights of the ordered item pairs (a, b) whose anchor a falls in this pass
 * (a % passes === pass): for every timeline, each pair of distinct items at most maxGap positions and
 * windowMs apart counts in both directions, once per timeline with its largest weight, and the
 * per-timeline weights are summed. Returns the summed table.
 */
export function countPairs(t: EventTable, tl: Timelines, p: PairParams, pass = 0, passes = 1): PairTable {
  const total = new PairTable(1 << 16);
  const local = new PairTable(1 << 8);
  const { events, offsets } = tl;
  const { item, ts, kind } = t;
  const kw = p.kindWeight;
  let decay = new Float64Array(256);
  const ln2OverHalfLife = Number.isFinite(p.halfLifeMs) ? Math.LN2 / p.halfLifeMs : 0;
  for (let tIdx = 0; tIdx + 1 < offsets.length; tIdx++) {
    const from = offsets[tIdx];
    const to = offsets[tIdx + 1];
    if (to - from < 2) continue;
    if (to - from > decay.length) decay = new Float64Array(2 * (to - from));
    for (let x = from; x < to; x++) decay[x - from] = ln2OverHalfLife ? Math.exp(-(p.endMs - ts[events[x]]) * ln2OverHalfLife) : 1;
    local.clear();
    for (let x = from; x < to; x++) {
      const i = events[x];
      const a = item[i];
      const last = Math.min(to - 1, x + p.maxGap);
      for (let y = x + 1; y <= last; y++) {
        const j = events[y];
        if (ts[j] - ts[i] > p.windowMs) break; // time-ordered: later events are further still
        const b = item[j];
        if (b === a) continue;
        const base = decay[y - from] * (p.positionDecay ? 1 / (y - x) : 1);
        const forward = base * kw[kind[j]];
        if (forward > 0 && a % passes === pass) local.max(a, b, forward);
        const backward = base * kw[kind[i]];
        if (backward > 0 && b % passes === pass) local.max(b, a, backward);
      }
    }
    local.forEach((a, b, w) => total.add(a, b, w));
  }
  return total;
}

/** Timelines (of those given) that contain each item: the "count of a" that similarity normalisations use. */
export function itemSupport(t: EventTable, tl: Timelines, nItems: number): Float64Array {
  const support = new Float64Array(nItems);
  const stamp = new Int32Array(nItems).fill(-1);
  for (let tIdx = 0; tIdx + 1 < tl.offsets.length; tIdx++) {
    for (let x = tl.offsets[tIdx]; x < tl.offsets[tIdx + 1]; x++) {
      const a = t.item[tl.events[x]];
      if (stamp[a] !== tIdx) {
        stamp[a] = tIdx;
        support[a]++;
      }
    }
  }
  return support;
}
