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
  /** Event types (EventKind code -> 1) whose item may be an anchor; all when absent. */
  anchorKinds?: Uint8Array;
}

const ALL_KINDS = new Uint8Array(16).fill(1);

/** The event columns pair counting reads (so that a worker thread needs only these). */
export type PairEvents = Pick<EventTable, "item" | "ts" | "kind">;

/**
 * Summed pair weights grouped by anchor, as a Csr-like layout: anchor a's neighbours are
 * `b[offsets[a] .. offsets[a + 1])` with weights `w[...]`, each neighbour once, in first-seen order.
 */
export interface AnchorPairs {
  offsets: Int32Array;
  b: Int32Array;
  w: Float64Array;
}

/**
 * Calls `emit(a, b, w)` once per timeline for every ordered pair (a, b) of distinct items at most
 * maxGap positions and windowMs apart, in both directions, with its largest weight in that timeline;
 * only anchors with a % passes === pass.
 */
export function forEachTimelinePair(t: PairEvents, tl: Timelines, p: PairParams, pass: number, passes: number, emit: (a: number, b: number, w: number) => void): void {
  const local = new PairTable(1 << 8);
  const { events, offsets } = tl;
  const { item, ts, kind } = t;
  const kw = p.kindWeight;
  const anchorOk = p.anchorKinds ?? ALL_KINDS;
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
        if (forward > 0 && anchorOk[kind[i]] && a % passes === pass) local.max(a, b, forward);
        const backward = base * kw[kind[i]];
        if (backward > 0 && anchorOk[kind[j]] && b % passes === pass) local.max(b, a, backward);
      }
    }
    local.forEach(emit);
  }
}

/**
 * Co-visitation weights of the anchors of this pass, summed over timelines. Two scans of the
 * timelines (count per anchor, then fill) lay the pair occurrences out by anchor in flat typed arrays;
 * each anchor's row is then summed per neighbour in place with a dense scratch. No hash table over
 * all pairs: memory is 12 bytes per pair occurrence of the pass, and access is sequential per anchor.
 */
export function countPairs(t: PairEvents, tl: Timelines, nItems: number, p: PairParams, pass = 0, passes = 1): AnchorPairs {
  const counts = new Int32Array(nItems + 1);
  forEachTimelinePair(t, tl, p, pass, passes, (a) => counts[a + 1]++);
  for (let a = 0; a < nItems; a++) counts[a + 1] += counts[a];
  const next = counts.slice(0, nItems);
  const b = new Int32Array(counts[nItems]);
  const w = new Float64Array(counts[nItems]);
  forEachTimelinePair(t, tl, p, pass, passes, (a, nb, nw) => {
    const k = next[a]++;
    b[k] = nb;
    w[k] = nw;
  });
  // sum each anchor's occurrences per neighbour, compacting the row in place (first-seen order)
  const slot = new Int32Array(nItems).fill(-1);
  const offsets = new Int32Array(nItems + 1);
  let out = 0;
  for (let a = 0; a < nItems; a++) {
    const rowStart = out;
    for (let k = counts[a]; k < counts[a + 1]; k++) {
      const nb = b[k];
      const s = slot[nb];
      if (s >= rowStart) w[s] += w[k];
      else {
        slot[nb] = out;
        b[out] = nb;
        w[out] = w[k];
        out++;
      }
    }
    offsets[a + 1] = out;
  }
  return { offsets, b: b.subarray(0, out), w: w.subarray(0, out) };
}

/** Timelines (of those given) that contain each item: the "count of a" that similarity normalisations use. */
export function itemSupport(t: PairEvents, tl: Timelines, nItems: number): Float64Array {
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
