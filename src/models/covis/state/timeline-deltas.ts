import { TimelinePairs, type PairEvents, type PairParams } from "../timeline-pairs.js";
import { PairTable } from "../pair-table.js";
import type { Timelines } from "../../../data/timelines.js";
import { grown } from "../../../data/grow-array.js";
import type { PairRows } from "./pair-rows.js";

/** What the events from `cutMs` on add to counts made of the events before it (see timelineDeltas). */
export interface TimelineDeltas {
  /** Per (anchor, neighbour): the sum over changed timelines of (pair weight now - pair weight before the cut). */
  rows: PairRows;
  /** Per item: timelines that contain it now and did not before the cut. */
  support: Float64Array;
  /** Timelines that had no event before the cut. */
  newTimelines: number;
  /** Timelines with an event at or after the cut. */
  touched: number;
  /** Events before the cut in all the timelines (what the earlier count must have counted). */
  eventsBefore: number;
  /** Events at or after the cut. */
  eventsAfter: number;
}

/**
 * The change that events at or after `cutMs` make to the co-visitation sums of timelines `tl` (time-ordered): only
 * timelines with such an event change. For each, the part before the cut is a prefix, whose pairs sit at the same
 * positions with the same weights in the whole timeline; a pair counts once per timeline with its largest weight, so
 * the timeline's contribution changes by (largest weight in the whole timeline - largest weight in the prefix) >= 0.
 * Summing these changes onto counts of the prefixes gives the counts of the whole timelines (docs/scale-out.md).
 */
export function timelineDeltas(
  t: PairEvents,
  tl: Timelines,
  nItems: number,
  p: PairParams,
  cutMs: number,
): TimelineDeltas {
  const { events, offsets } = tl;
  const pairs = new TimelinePairs(t, nItems, p);
  const before = new PairTable(1 << 10);
  const support = new Float64Array(nItems);
  const stamp = new Int32Array(nItems).fill(-1);
  const triples = new Triples();
  let newTimelines = 0;
  let touched = 0;
  let eventsBefore = 0;
  for (let x = 0; x + 1 < offsets.length; x++) {
    const from = offsets[x];
    const to = offsets[x + 1];
    let cut = from;
    while (cut < to && t.ts[events[cut]] < cutMs) cut++;
    eventsBefore += cut - from;
    if (cut === to) continue;
    touched++;
    if (cut === from) newTimelines++;
    before.clear();
    const nBefore = pairs.collect(events, from, cut);
    for (let k = 0; k < nBefore; k++) before.max(pairs.a[k], pairs.b[k], pairs.w[k]);
    const n = pairs.collect(events, from, to);
    for (let k = 0; k < n; k++) {
      const gain = pairs.w[k] - before.get(pairs.a[k], pairs.b[k]);
      if (gain > 0) triples.push(pairs.a[k], pairs.b[k], gain);
    }
    for (let e = from; e < cut; e++) stamp[t.item[events[e]]] = x;
    for (let e = cut; e < to; e++) {
      const item = t.item[events[e]];
      if (stamp[item] === x) continue;
      stamp[item] = x;
      support[item]++;
    }
  }
  return {
    rows: triples.rows(nItems),
    support,
    newTimelines,
    touched,
    eventsBefore,
    eventsAfter: events.length - eventsBefore,
  };
}

/** (anchor, neighbour, weight) triples, grouped at the end into rows summed per neighbour (in push order). */
class Triples {
  private a = new Int32Array(1 << 12);
  private b = new Int32Array(1 << 12);
  private w = new Float64Array(1 << 12);
  private size = 0;

  push(a: number, b: number, w: number): void {
    if (this.size === this.a.length) {
      this.a = grown(this.a, this.size + 1);
      this.b = grown(this.b, this.size + 1);
      this.w = grown(this.w, this.size + 1);
    }
    this.a[this.size] = a;
    this.b[this.size] = b;
    this.w[this.size++] = w;
  }

  rows(nItems: number): PairRows {
    const { a, b, w, size } = this;
    // stable counting sort by anchor
    const at = new Int32Array(nItems + 1);
    for (let k = 0; k < size; k++) at[a[k] + 1]++;
    for (let i = 0; i < nItems; i++) at[i + 1] += at[i];
    const rowStart = at.slice();
    const sb = new Int32Array(size);
    const sw = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      const to = at[a[k]]++;
      sb[to] = b[k];
      sw[to] = w[k];
    }
    // sum each row per neighbour, compacting in place
    const seen = new Int32Array(2 * nItems).fill(-1);
    const anchors: number[] = [];
    const starts: number[] = [];
    let out = 0;
    for (let i = 0; i < nItems; i++) {
      if (rowStart[i + 1] === rowStart[i]) continue;
      anchors.push(i);
      starts.push(out);
      for (let q = rowStart[i]; q < rowStart[i + 1]; q++) {
        const nb = sb[q];
        if (seen[2 * nb] === i) sw[seen[2 * nb + 1]] += sw[q];
        else {
          seen[2 * nb] = i;
          seen[2 * nb + 1] = out;
          sb[out] = nb;
          sw[out++] = sw[q];
        }
      }
    }
    starts.push(out);
    return {
      anchors: Int32Array.from(anchors),
      starts: Int32Array.from(starts),
      b: sb.slice(0, out),
      w: sw.slice(0, out),
    };
  }
}
