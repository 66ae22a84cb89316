import { TimelinePairs, type PairEvents, type PairParams } from "./timeline-pairs.js";
import type { Timelines } from "../../data/timelines.js";
import { grown } from "../../data/grow-array.js";

export type { PairEvents, PairParams } from "./timeline-pairs.js";

/**
 * One chunk of timelines' pair weights, summed per (anchor, neighbour) in timeline order, as sparse
 * rows: anchor `anchors[r]` (ascending) has neighbours `b[starts[r] .. starts[r + 1])` with weights `w`,
 * each neighbour once.
 */
export interface ChunkPairs {
  anchors: Int32Array;
  starts: Int32Array;
  b: Int32Array;
  w: Float64Array;
}

/** Allocates a chunk's output arrays (plain, or on SharedArrayBuffers when other threads read them). */
export interface ArrayAlloc {
  int32(n: number): Int32Array;
  float64(n: number): Float64Array;
}
export const plainAlloc: ArrayAlloc = { int32: (n) => new Int32Array(n), float64: (n) => new Float64Array(n) };

/**
 * Events per chunk. Chunks are cut at timeline boundaries once they hold this many events; the cut
 * depends on the data only, so the summation order (within a chunk, then chunk by chunk) and thus
 * the model's bytes do not depend on the number of threads or passes.
 */
export const CHUNK_EVENTS = 1 << 18;

/** Chunk c is timelines `[bounds[c], bounds[c + 1])`. */
export function chunkBounds(tl: Timelines, chunkEvents = CHUNK_EVENTS): Int32Array {
  const bounds = [0];
  const n = tl.offsets.length - 1;
  // Stryker disable next-line all: where chunks are cut; any cut at timeline boundaries sums to the same pairs (tested)
  for (let x = 1; x < n; x++) if (tl.offsets[x] - tl.offsets[bounds[bounds.length - 1]] >= chunkEvents) bounds.push(x);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: with no timelines, an extra chunk [0, 0] is empty
  if (n > 0) bounds.push(n);
  return Int32Array.from(bounds);
}

/**
 * Counts chunks of timelines: one scan collects each timeline's distinct pairs (TimelinePairs) into
 * flat (anchor, neighbour, weight) arrays; a sort by anchor that keeps timeline order and an in-place
 * sum per neighbour turn them into the chunk's rows. No hash table over all pairs and no object per
 * pair; scratch memory is proportional to one chunk (16 + 12 bytes per pair occurrence).
 */
export class ChunkCounter {
  private readonly pairs: TimelinePairs;
  private ta = new Int32Array(1 << 16);
  private tb = new Int32Array(1 << 16);
  private tw = new Float64Array(1 << 16);
  private sb = new Int32Array(0);
  private sw = new Float64Array(0);
  /** Per anchor: occurrences in this chunk, then its write position. */
  private readonly next: Int32Array;
  /** Per neighbour: the row that last saw it (rowSerial) and its position there. */
  private readonly ownerRow: Int32Array;
  private readonly position: Int32Array;
  private rowSerial = 0;

  constructor(
    t: PairEvents,
    private readonly tl: Timelines,
    nItems: number,
    p: PairParams,
    pass = 0,
    passes = 1,
  ) {
    this.pairs = new TimelinePairs(t, nItems, p, pass, passes);
    this.next = new Int32Array(nItems);
    this.ownerRow = new Int32Array(nItems).fill(-1);
    this.position = new Int32Array(nItems);
  }

  /** The summed pairs of timelines `[fromTimeline, toTimeline)`. */
  count(fromTimeline: number, toTimeline: number, alloc: ArrayAlloc = plainAlloc): ChunkPairs {
    const size = this.collect(fromTimeline, toTimeline);
    const anchors = this.sortByAnchor(size);
    return this.sumRows(anchors, size, alloc);
  }

  private collect(fromTimeline: number, toTimeline: number): number {
    const { events, offsets } = this.tl;
    const pairs = this.pairs;
    let size = 0;
    for (let x = fromTimeline; x < toTimeline; x++) {
      const n = pairs.collect(events, offsets[x], offsets[x + 1]);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: growing when not needed only costs memory
      if (size + n > this.ta.length) this.growTriples(size + n);
      this.ta.set(pairs.a.subarray(0, n), size);
      this.tb.set(pairs.b.subarray(0, n), size);
      this.tw.set(pairs.w.subarray(0, n), size);
      size += n;
    }
    return size;
  }

  /** Stable counting sort of the occurrences by anchor into sb/sw; returns the anchors, ascending. */
  private sortByAnchor(size: number): Int32Array {
    const { ta, next } = this;
    const seen: number[] = [];
    for (let k = 0; k < size; k++) if (next[ta[k]]++ === 0) seen.push(ta[k]);
    const anchors = Int32Array.from(seen).sort();
    let at = 0;
    // Stryker disable next-line EqualityOperator: r = length writes next[undefined], which is ignored
    for (let r = 0; r < anchors.length; r++) {
      const count = next[anchors[r]];
      next[anchors[r]] = at;
      at += count;
    }
    // Stryker disable next-line ConditionalExpression,EqualityOperator: reallocating when not needed only costs time
    if (this.sb.length < size) {
      this.sb = new Int32Array(this.ta.length);
      this.sw = new Float64Array(this.ta.length);
    }
    for (let k = 0; k < size; k++) {
      const to = next[ta[k]]++;
      this.sb[to] = this.tb[k];
      this.sw[to] = this.tw[k];
    }
    return anchors;
  }

  /** Sums each anchor's occurrences per neighbour (first-seen order), compacting in place, and copies the rows out. */
  private sumRows(anchors: Int32Array, size: number, alloc: ArrayAlloc): ChunkPairs {
    const { sb, sw, next, ownerRow, position } = this;
    const starts = alloc.int32(anchors.length + 1);
    let out = 0;
    let from = 0;
    for (let r = 0; r < anchors.length; r++) {
      const to = next[anchors[r]];
      next[anchors[r]] = 0; // ready for the next chunk
      const row = this.rowSerial++;
      starts[r] = out;
      for (let k = from; k < to; k++) {
        const nb = sb[k];
        if (ownerRow[nb] === row) sw[position[nb]] += sw[k];
        else {
          ownerRow[nb] = row;
          position[nb] = out;
          sb[out] = nb;
          sw[out++] = sw[k];
        }
      }
      from = to;
    }
    starts[anchors.length] = out;
    // Stryker disable next-line all: an internal invariant that only a bug elsewhere in this class can break
    if (from !== size) throw new Error("chunk rows do not cover the pairs");
    const b = alloc.int32(out);
    const w = alloc.float64(out);
    b.set(sb.subarray(0, out));
    w.set(sw.subarray(0, out));
    const shared = alloc.int32(anchors.length);
    shared.set(anchors);
    return { anchors: shared, starts, b, w };
  }

  private growTriples(need: number): void {
    this.ta = grown(this.ta, need);
    this.tb = grown(this.tb, need);
    this.tw = grown(this.tw, need);
  }
}

/** Timelines (of those given) that contain each item: the "count of a" that similarity normalisations use. */
export function itemSupport(t: PairEvents, tl: Timelines, nItems: number): Float64Array {
  const support = new Float64Array(nItems);
  const stamp = new Int32Array(nItems).fill(-1);
  // Stryker disable next-line EqualityOperator,ArithmeticOperator: extra rounds past the end hold no events
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
