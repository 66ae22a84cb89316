import type { AnchorIndex } from "./anchor-index.js";
import type { PairParams } from "./count-pairs.js";
import type { NeighbourOptions } from "./covis-neighbours.js";
import { SIMILARITY, type Similarity } from "./normalise.js";
import { TopNeighbourSelector } from "./top-neighbours.js";
import { grown } from "../../data/grow-array.js";

/** The ranked rows of anchors `[from, to)`: anchor from + r holds `indices[indptr[r] .. indptr[r + 1])`. */
export interface RangeRows {
  from: number;
  to: number;
  indptr: Int32Array;
  indices: Int32Array;
  data: Float64Array;
}

/**
 * Counts one anchor at a time from its positions (AnchorIndex): each timeline's pairs of the anchor kept at their
 * largest weight, summed in timeline order within a counting chunk, the chunk sums summed in chunk order, then scored
 * and cut to the top k. Those are the additions, in the same order, of the chunk-by-chunk counter (count-pairs.ts and
 * rankAnchors), so the rows are the same bytes; but there is no pair list to sort and no per-chunk rows to keep: the
 * scratch is a few arrays over the items, and every anchor is done once its positions are read.
 */
export class AnchorRowCounter {
  private readonly inverse: Float64Array;
  private readonly sim: Similarity;
  private readonly select: TopNeighbourSelector;
  /**
   * Per neighbour b, one 32-byte record (half a cache line, not six arrays), read as doubles at 4 b and as int32s at
   * 8 b: the largest weight in the current timeline (T_MAX, 0 when not seen there), the running sum of the current
   * chunk (C_SUM) and its serial (C), the sum of the anchor's earlier chunks (G_SUM) and a tag (G: 2 anchor + 1 once
   * G_SUM holds a chunk).
   */
  private readonly f: Float64Array;
  private readonly i: Int32Array;
  private readonly tList: Int32Array;
  private readonly gList: Int32Array;
  private readonly score: Float64Array;
  private cSerial = 0;
  private tLen = 0;
  private gLen = 0;

  constructor(
    private readonly ix: AnchorIndex,
    private readonly p: PairParams,
    private readonly support: Float64Array,
    private readonly nTimelines: number,
    nItems: number,
    private readonly o: Pick<NeighbourOptions, "normalisation" | "k" | "minSupport">,
  ) {
    this.inverse = Float64Array.from({ length: p.maxGap + 1 }, (_, d) => (p.positionDecay ? 1 / d : 1));
    this.sim = SIMILARITY[o.normalisation];
    this.select = new TopNeighbourSelector(o.k);
    this.f = new Float64Array(4 * nItems);
    this.i = new Int32Array(this.f.buffer);
    for (let b = 0; b < nItems; b++) this.i[8 * b + C] = this.i[8 * b + G] = -1;
    this.tList = new Int32Array(nItems);
    this.gList = new Int32Array(nItems);
    this.score = new Float64Array(nItems);
  }

  /** The top-k rows of anchors `[from, to)`. */
  rows(from: number, to: number): RangeRows {
    const indptr = new Int32Array(to - from + 1);
    let indices = new Int32Array(Math.max(16, Math.min(1 << 20, (to - from) * this.o.k)));
    let data = new Float64Array(indices.length);
    const { select, score, gList, f, i } = this;
    for (let a = from; a < to; a++) {
      this.countAnchor(a);
      const sa = this.support[a];
      for (let q = 0; q < this.gLen; q++) {
        const b = gList[q];
        // the chunk sums in chunk order: the earlier chunks' sum, plus the last chunk's
        const w = i[(b << 3) + G] & 1 ? f[(b << 2) + G_SUM] + f[(b << 2) + C_SUM] : f[(b << 2) + C_SUM];
        // below minimum support a pair scores 0 and is dropped
        score[q] = w < this.o.minSupport ? 0 : this.sim(w, sa, this.support[gList[q]], this.nTimelines);
      }
      const kept = select.select(gList, score, 0, this.gLen);
      const at = indptr[a - from];
      if (at + kept > indices.length) [indices, data] = [grown(indices, at + kept), grown(data, at + kept)];
      indices.set(select.indices.subarray(0, kept), at);
      data.set(select.data.subarray(0, kept), at);
      indptr[a - from + 1] = at + kept;
    }
    const size = indptr[to - from];
    return { from, to, indptr, indices: indices.slice(0, size), data: data.slice(0, size) };
  }

  /** Sums anchor a's pairs: its neighbours are gList[0 .. gLen), their sums in their records. */
  private countAnchor(a: number): void {
    const { anchors, anchorStart, timeline, chunkOf, offsets } = this.ix;
    this.gLen = 0;
    this.tLen = 0;
    let tl = -1;
    let chunk = -1;
    for (let r = anchorStart[a]; r < anchorStart[a + 1]; r++) {
      const g = anchors[r];
      const x = timeline[g];
      if (x !== tl) {
        this.endTimeline(a);
        if (chunkOf[x] !== chunk) {
          chunk = chunkOf[x];
          this.cSerial++;
        }
        tl = x;
      }
      this.scan(a, g, offsets[x]);
    }
    this.endTimeline(a);
    this.cSerial++;
  }

  /** Keeps the largest weight per neighbour of the pairs of the anchor event at g (its timeline starts at start). */
  private scan(a: number, g: number, start: number): void {
    const { item, kind, reach, decay } = this.ix;
    const { inverse } = this;
    const kw = this.p.kindWeight;
    const decayed = decay.length > 0;
    // later neighbours: decay of the neighbour (the later event)
    for (let q = g + 1; q <= reach[g]; q++) {
      const b = item[q];
      if (b === a) continue;
      const w = (decayed ? decay[q] * inverse[q - g] : inverse[q - g]) * kw[kind[q]];
      if (w > 0) this.keep(b, w);
    }
    // earlier neighbours whose scan reaches g: decay of the anchor (the later event)
    for (let q = Math.max(start, g - this.p.maxGap); q < g; q++) {
      if (reach[q] < g) continue;
      const b = item[q];
      if (b === a) continue;
      const w = (decayed ? decay[g] * inverse[g - q] : inverse[g - q]) * kw[kind[q]];
      if (w > 0) this.keep(b, w);
    }
  }

  private keep(b: number, w: number): void {
    const r = (b << 2) + T_MAX;
    const was = this.f[r];
    if (was === 0) {
      this.f[r] = w;
      this.tList[this.tLen++] = b;
    } else if (w > was) this.f[r] = w;
  }

  /** Adds the timeline's largest weights to the chunk sums (a neighbour's earlier chunk to its anchor sum first). */
  private endTimeline(a: number): void {
    const { tList, f, i } = this;
    const serial = this.cSerial;
    for (let q = 0; q < this.tLen; q++) {
      const b = tList[q];
      const r = b << 2;
      const s = b << 3;
      const w = f[r + T_MAX];
      f[r + T_MAX] = 0;
      const tag = i[s + G];
      if (tag >> 1 !== a) {
        i[s + G] = 2 * a;
        i[s + C] = serial;
        f[r + C_SUM] = w;
        this.gList[this.gLen++] = b;
      } else if (i[s + C] === serial) f[r + C_SUM] += w;
      else {
        f[r + G_SUM] = tag & 1 ? f[r + G_SUM] + f[r + C_SUM] : f[r + C_SUM];
        i[s + G] = 2 * a + 1;
        i[s + C] = serial;
        f[r + C_SUM] = w;
      }
    }
    this.tLen = 0;
  }
}

// the fields of a neighbour's record: doubles at 4 b + ..., int32s at 8 b + ...
const T_MAX = 0;
const C_SUM = 1;
const G_SUM = 2;
const C = 6;
const G = 7;
