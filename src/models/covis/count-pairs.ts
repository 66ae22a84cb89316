import { TimelinePairs, type PairEvents, type PairParams } from "./timeline-pairs.js";
import type { Timelines } from "./timelines.js";

export type { PairEvents, PairParams } from "./timeline-pairs.js";

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
 * Co-visitation weights of the anchors of this pass, summed over timelines. Two scans of the
 * timelines (count per anchor, then fill) lay the pair occurrences out by anchor in flat typed arrays;
 * each anchor's row is then summed per neighbour in place with a dense scratch. No hash table over
 * all pairs: memory is 12 bytes per pair occurrence of the pass, and access is sequential per anchor.
 */
export function countPairs(t: PairEvents, tl: Timelines, nItems: number, p: PairParams, pass = 0, passes = 1): AnchorPairs {
  const pairs = new TimelinePairs(t, nItems, p, pass, passes);
  const { events, offsets: bounds } = tl;
  const counts = new Int32Array(nItems + 1);
  for (let x = 0; x + 1 < bounds.length; x++) {
    const n = pairs.collect(events, bounds[x], bounds[x + 1]);
    for (let k = 0; k < n; k++) counts[pairs.a[k] + 1]++;
  }
  for (let a = 0; a < nItems; a++) counts[a + 1] += counts[a];
  const next = counts.slice(0, nItems);
  const b = new Int32Array(counts[nItems]);
  const w = new Float64Array(counts[nItems]);
  for (let x = 0; x + 1 < bounds.length; x++) {
    const n = pairs.collect(events, bounds[x], bounds[x + 1]);
    for (let k = 0; k < n; k++) {
      const at = next[pairs.a[k]]++;
      b[at] = pairs.b[k];
      w[at] = pairs.w[k];
    }
  }
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
