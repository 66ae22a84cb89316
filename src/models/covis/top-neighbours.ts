import type { Csr } from "../../data/csr.js";

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
export class TopNeighbourSelector {
  indices: Int32Array;
  data: Float64Array;
  private heap: Int32Array; // positions into the row; heap[0] is the worst kept
  /** Scores times 1e9, rounded: integers, so comparing them is exact. */
  private rounded = new Float64Array(64);
  private b: Int32Array = new Int32Array(0);

  constructor(private readonly k: number) {
    this.indices = new Int32Array(k);
    this.data = new Float64Array(k);
    this.heap = new Int32Array(k);
  }

  /** Ranks `b[from .. to)` by `score[...]`, skipping scores that are not > 0; returns the number kept. */
  select(b: Int32Array, score: Float64Array, from: number, to: number): number {
    const { k, heap } = this;
    if (to - from > this.rounded.length) this.rounded = new Float64Array(2 * (to - from));
    const rounded = this.rounded;
    this.b = b;
    let size = 0;
    let worst = -Infinity; // rounded score of heap[0] once the heap is full
    for (let q = from; q < to; q++) {
      if (!(score[q] > 0)) continue;
      const scaled = score[q] * 1e9;
      if (scaled < worst - 1) continue; // rounds below the worst kept: most of a long row stops here
      const p = q - from;
      rounded[p] = Math.round(scaled);
      if (size < k) {
        heap[size] = p;
        this.siftUp(size++, from);
        if (size === k) worst = rounded[heap[0]];
      } else if (this.better(p, heap[0], from)) {
        heap[0] = p;
        this.siftDown(size, from);
        worst = rounded[heap[0]];
      }
    }
    // pop the worst kept to the back until the heap is empty: best first, no allocation
    for (let r = size - 1; r >= 0; r--) {
      const p = heap[0];
      this.indices[r] = b[from + p];
      this.data[r] = rounded[p] / 1e9;
      heap[0] = heap[r];
      this.siftDown(r, from);
    }
    return size;
  }

  /** Row position x ranks before y: higher score, then lower neighbour code. */
  private better(x: number, y: number, from: number): boolean {
    const r = this.rounded;
    return r[x] > r[y] || (r[x] === r[y] && this.b[from + x] < this.b[from + y]);
  }

  /** Min-heap on "better": the root is the worst element kept. */
  private siftUp(i: number, from: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.better(h[parent], h[i], from)) break;
      const t = h[parent];
      h[parent] = h[i];
      h[i] = t;
      i = parent;
    }
  }

  private siftDown(size: number, from: number): void {
    const h = this.heap;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < size && this.better(h[worst], h[l], from)) worst = l;
      if (r < size && this.better(h[worst], h[r], from)) worst = r;
      if (worst === i) return;
      const t = h[worst];
      h[worst] = h[i];
      h[i] = t;
      i = worst;
    }
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
