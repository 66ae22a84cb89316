import type { Csr } from "../../data/csr.js";
import { TopKHeap, type Ranking } from "../top-k-heap.js";

/** Scored neighbours grouped by anchor: anchor a's are `b[offsets[a] .. offsets[a + 1])`. */
export interface ScoredRows {
  offsets: Int32Array;
  b: Int32Array;
  score: Float64Array;
}

/**
 * The k best entries of one row at a time: score descending, scores rounded to 1e-9 so that float
 * noise never decides, ties broken by neighbour code (deterministic). A size-k heap keeps the cost
 * at O(row log k). After `select`, the kept neighbours are `indices[0 .. size)` with `data` scores.
 */
export class TopNeighbourSelector implements Ranking {
  indices: Int32Array;
  data: Float64Array;
  private readonly heap = new TopKHeap(this);
  /** Scores times 1e9, rounded: integers, so comparing them is exact. */
  private rounded = new Float64Array(64);
  private b: Int32Array = new Int32Array(0);
  private from = 0;

  constructor(private readonly k: number) {
    this.indices = new Int32Array(k);
    this.data = new Float64Array(k);
  }

  /** Ranks `b[from .. to)` by `score[...]`, skipping scores that are not > 0; returns the number kept. */
  select(b: Int32Array, score: Float64Array, from: number, to: number): number {
    if (to - from > this.rounded.length) this.rounded = new Float64Array(2 * (to - from));
    const { rounded, heap } = this;
    this.b = b;
    this.from = from;
    heap.reset(this.k);
    let worst = -Infinity; // rounded score of the worst kept once the heap is full
    for (let q = from; q < to; q++) {
      if (!(score[q] > 0)) continue;
      const scaled = score[q] * 1e9;
      if (scaled < worst - 1) continue; // rounds below the worst kept: most of a long row stops here
      rounded[q - from] = Math.round(scaled);
      heap.offer(q - from);
      if (heap.size === this.k) worst = rounded[heap.worst()];
    }
    const size = heap.size;
    heap.drain((r, p) => {
      this.indices[r] = b[from + p];
      this.data[r] = rounded[p] / 1e9;
    });
    return size;
  }

  /** Row position x ranks before y: higher score, then lower neighbour code. */
  ranks(x: number, y: number): boolean {
    const r = this.rounded;
    return r[x] > r[y] || (r[x] === r[y] && this.b[this.from + x] < this.b[this.from + y]);
  }
}

/** The k best neighbours of every anchor as a Csr (see TopNeighbourSelector); scores <= 0 are left out. */
export function topNeighbours(rows: ScoredRows, nItems: number, k: number): Csr {
  const { offsets, b, score } = rows;
  const select = new TopNeighbourSelector(k);
  const indptr = new Int32Array(nItems + 1);
  const indices = new Int32Array(offsets[nItems] < nItems * k ? offsets[nItems] : nItems * k);
  const data = new Float64Array(indices.length);
  for (let a = 0; a < nItems; a++) {
    const size = select.select(b, score, offsets[a], offsets[a + 1]);
    indices.set(select.indices.subarray(0, size), indptr[a]);
    data.set(select.data.subarray(0, size), indptr[a]);
    indptr[a + 1] = indptr[a] + size;
  }
  return { rows: nItems, indptr, indices: indices.slice(0, indptr[nItems]), data: data.slice(0, indptr[nItems]) };
}
