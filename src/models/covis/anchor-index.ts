import { sharedFloat64, sharedInt32, sharedUint8 } from "../../data/shared-arrays.js";
import type { Timelines } from "../../data/timelines.js";
import { CHUNK_EVENTS, chunkBounds, type PairEvents, type PairParams } from "./count-pairs.js";

/**
 * The events of the timelines laid out by position (position g is `tl.events[g]`), and each anchor item's
 * positions: what counting anchor by anchor reads (anchor-rows.ts). All on shared memory, for worker threads.
 */
export interface AnchorIndex {
  /** Per position: the item, the event type, the timeline. */
  item: Int32Array;
  kind: Uint8Array;
  timeline: Int32Array;
  /**
   * Per position g: the last position the pair scan from g reaches (at most maxGap on, in its timeline, and no later
   * event in between more than windowMs after g). A pair (g, q), g before q, exists when q <= reach[g].
   */
  reach: Int32Array;
  /** Per position: the time decay of the event (empty without a half-life: every decay is 1). */
  decay: Float64Array;
  /** Timeline x is positions `offsets[x] .. offsets[x + 1]`; its counting chunk is `chunkOf[x]`. */
  offsets: Int32Array;
  chunkOf: Int32Array;
  /** Item a's anchor positions (events whose type may anchor), ascending: `anchors[anchorStart[a] .. [a + 1])`. */
  anchorStart: Int32Array;
  anchors: Int32Array;
  /** Per item: pair scan steps its anchor positions take (to split the items into ranges of equal work). */
  work: Float64Array;
}

const ALL_KINDS = new Uint8Array(16).fill(1);

/**
 * Builds the index of `tl`'s events. The chunks are chunkBounds(tl, chunkEvents)'s, those of the chunk-by-chunk
 * counter, so that sums grouped by chunk are the same sums.
 */
export function anchorIndex(
  t: PairEvents,
  tl: Timelines,
  nItems: number,
  p: PairParams,
  chunkEvents = CHUNK_EVENTS,
): AnchorIndex {
  const n = tl.events.length;
  const nTimelines = tl.offsets.length - 1;
  const item = sharedInt32(n);
  const kind = sharedUint8(n);
  const timeline = sharedInt32(n);
  const reach = sharedInt32(n);
  const { maxGap, windowMs } = p;
  const decay = sharedFloat64(Number.isFinite(p.halfLifeMs) ? n : 0);
  // the same expression as timeline-pairs.ts, so the same bits
  const ln2OverHalfLife = Math.LN2 / p.halfLifeMs;
  let time = new Float64Array(1024);
  // one timeline at a time: its items, types, times (and decays), then how far each pair scan reaches
  for (let x = 0; x < nTimelines; x++) {
    const start = tl.offsets[x];
    const end = tl.offsets[x + 1];
    if (end - start > time.length) time = new Float64Array(2 * (end - start));
    for (let g = start; g < end; g++) {
      const e = tl.events[g];
      item[g] = t.item[e];
      kind[g] = t.kind[e];
      timeline[g] = x;
      time[g - start] = t.ts[e];
    }
    if (decay.length > 0)
      for (let g = start; g < end; g++) decay[g] = Math.exp(-(p.endMs - time[g - start]) * ln2OverHalfLife);
    for (let g = start; g < end; g++) {
      const last = Math.min(end - 1, g + maxGap);
      const t0 = time[g - start];
      let y = g;
      // the chunk counter's scan: stops at the first event too far in time
      while (y < last && !(time[y + 1 - start] - t0 > windowMs)) y++;
      reach[g] = y;
    }
  }
  const anchorOk = p.anchorKinds ?? ALL_KINDS;
  const anchorStart = sharedInt32(nItems + 1);
  for (let g = 0; g < n; g++) if (anchorOk[kind[g]]) anchorStart[item[g] + 1]++;
  for (let a = 0; a < nItems; a++) anchorStart[a + 1] += anchorStart[a];
  const next = anchorStart.slice(0, nItems);
  const anchors = sharedInt32(anchorStart[nItems]);
  const work = new Float64Array(nItems);
  for (let g = 0; g < n; g++) {
    if (!anchorOk[kind[g]]) continue;
    const a = item[g];
    anchors[next[a]++] = g;
    work[a] += 1 + reach[g] - g + Math.min(maxGap, g - tl.offsets[timeline[g]]);
  }
  const bounds = chunkBounds(tl, chunkEvents);
  const chunkOf = sharedInt32(nTimelines);
  for (let c = 0; c + 1 < bounds.length; c++) chunkOf.fill(c, bounds[c], bounds[c + 1]);
  return { item, kind, timeline, reach, decay, offsets: tl.offsets, chunkOf, anchorStart, anchors, work };
}

/** Contiguous item ranges `[from, to)` of about equal work, `pieces` of them at most (fewer when work is lumpy). */
export function workRanges(work: Float64Array, pieces: number): [number, number][] {
  let total = 0;
  for (let a = 0; a < work.length; a++) total += work[a];
  const ranges: [number, number][] = [];
  let from = 0;
  let sum = 0;
  for (let a = 0; a < work.length && ranges.length < pieces - 1; a++) {
    sum += work[a];
    if (sum >= (total * (ranges.length + 1)) / pieces) {
      ranges.push([from, a + 1]);
      from = a + 1;
    }
  }
  ranges.push([from, work.length]);
  return ranges;
}
