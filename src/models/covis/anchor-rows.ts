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
   * Per neighbour b, one 64-byte record at 8 b (one cache line, not six arrays): the timeline serial and largest
   * weight there (T, T_MAX), the chunk serial and the chunk's running sum (C, C_SUM), the anchor and its sum over the
   * chunks before the current one (G, G_SUM; G_SET once that sum holds a chunk).
   */
  private readonly rec: Float64Array;
  private readonly tList: Int32Array;
  private readonly gList: Int32Array;
  private readonly score: Float64Array;
  private tSerial = 0;
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
    this.rec = new Float64Array(8 * nItems).fill(-1);
    this.tList = new Int32Array(nItems);
    this.gList = new Int32Array(nItems);
    this.score = new Float64Array(nItems);
  }

  /** The top-k rows of anchors `[from, to)`. */
  rows(from: number, to: number): RangeRows {
    const indptr = new Int32Array(to - from + 1);
    let indices = new Int32Array(Math.max(16, Math.min(1 << 20, (to - from) * this.o.k)));
    let data = new Float64Array(indices.length);
    const { select, score, gList, rec } = this;
    for (let a = from; a < to; a++) {
      this.countAnchor(a);
      const sa = this.support[a];
      for (let q = 0; q < this.gLen; q++) {
        const r = gList[q] << 3;
        // the chunk sums in chunk order: the earlier chunks' sum, plus the last chunk's
        const w = rec[r + G_SET] === 1 ? rec[r + G_SUM] + rec[r + C_SUM] : rec[r + C_SUM];
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
        this.tSerial++;
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
    const r = b << 3;
    const rec = this.rec;
    if (rec[r + T] !== this.tSerial) {
      rec[r + T] = this.tSerial;
      rec[r + T_MAX] = w;
      this.tList[this.tLen++] = b;
    } else if (w > rec[r + T_MAX]) rec[r + T_MAX] = w;
  }

  /** Adds the timeline's largest weights to the chunk sums (a neighbour's earlier chunk to its anchor sum first). */
  private endTimeline(a: number): void {
    const { tList, rec } = this;
    const serial = this.cSerial;
    for (let q = 0; q < this.tLen; q++) {
      const b = tList[q];
      const r = b << 3;
      const w = rec[r + T_MAX];
      if (rec[r + G] !== a) {
        rec[r + G] = a;
        rec[r + G_SET] = 0;
        rec[r + C] = serial;
        rec[r + C_SUM] = w;
        this.gList[this.gLen++] = b;
      } else if (rec[r + C] === serial) rec[r + C_SUM] += w;
      else {
        rec[r + G_SUM] = rec[r + G_SET] === 1 ? rec[r + G_SUM] + rec[r + C_SUM] : rec[r + C_SUM];
        rec[r + G_SET] = 1;
        rec[r + C] = serial;
        rec[r + C_SUM] = w;
      }
    }
    this.tLen = 0;
  }
}

// the fields of a neighbour's record
const T = 0;
const T_MAX = 1;
const C = 2;
const C_SUM = 3;
const G = 4;
const G_SUM = 5;
const G_SET = 6;
