import type { TopK } from "./recommender.js";

/**
 * Sparse score accumulation over a dense scratch array: `add` touches an item, `top` ranks the touched
 * items (score descending, ties by item code) and resets the scratch. One per model: no allocation
 * per query beyond the result. Weights are positive, so a score of 0 means untouched.
 */
export class ScoreBoard {
  private readonly score: Float64Array;
  private readonly touched: Int32Array;
  private count = 0;
  /** Items left out of the next top() (e.g. the history's own items), and their list for the reset. */
  private readonly skipped: Uint8Array;
  private skippedList: number[] = [];
  /** Min-heap of the best k so far (heap[0] the worst kept), reused across queries. */
  private heap = new Int32Array(64);

  constructor(readonly nItems: number) {
    this.score = new Float64Array(nItems);
    this.touched = new Int32Array(nItems);
    this.skipped = new Uint8Array(nItems);
  }

  /** Leaves `item` out of the next top(). */
  skip(item: number): void {
    if (this.skipped[item]) return;
    this.skipped[item] = 1;
    this.skippedList.push(item);
  }

  /** Adds a positive weight (others are ignored: a touched item always has a positive score). */
  add(item: number, w: number): void {
    if (!(w > 0)) return;
    if (this.score[item] === 0) this.touched[this.count++] = item;
    this.score[item] += w;
  }

  has(item: number): boolean {
    return this.score[item] > 0;
  }

  get size(): number {
    return this.count;
  }

  /** The k best touched items with a positive score, not excluded, best first; then resets. O(touched log k). */
  top(k: number, exclude?: ReadonlySet<number>): TopK {
    if (k <= 0) {
      this.reset();
      return { items: new Int32Array(0), scores: new Float32Array(0) };
    }
    if (this.heap.length < k) this.heap = new Int32Array(k);
    const heap = this.heap;
    const s = this.score;
    let size = 0;
    for (let q = 0; q < this.count; q++) {
      const item = this.touched[q];
      if (this.skipped[item] || (exclude !== undefined && exclude.has(item))) continue;
      if (size < k) {
        heap[size] = item;
        this.siftUp(size++);
      } else if (this.better(item, heap[0])) {
        heap[0] = item;
        this.siftDown(size);
      }
    }
    // pop the worst kept to the back: best first
    const items = new Int32Array(size);
    const scores = new Float32Array(size);
    for (let r = size - 1; r >= 0; r--) {
      items[r] = heap[0];
      scores[r] = s[heap[0]];
      heap[0] = heap[r];
      this.siftDown(r);
    }
    this.reset();
    return { items, scores };
  }

  reset(): void {
    for (let q = 0; q < this.count; q++) {
      this.score[this.touched[q]] = 0;
    }
    this.count = 0;
    for (const item of this.skippedList) this.skipped[item] = 0;
    this.skippedList.length = 0;
  }

  /** a ranks before b: higher score, then lower item code. */
  private better(a: number, b: number): boolean {
    const s = this.score;
    return s[a] > s[b] || (s[a] === s[b] && a < b);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.better(h[parent], h[i])) break;
      const t = h[parent];
      h[parent] = h[i];
      h[i] = t;
      i = parent;
    }
  }

  private siftDown(size: number): void {
    const h = this.heap;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < size && this.better(h[worst], h[l])) worst = l;
      if (r < size && this.better(h[worst], h[r])) worst = r;
      if (worst === i) return;
      const t = h[worst];
      h[worst] = h[i];
      h[i] = t;
      i = worst;
    }
  }
}

/**
 * `top` followed by items of `fallback` (best first) not already in it nor excluded, up to k. Top-up
 * items score 0: they were not scored by the model (evaluation can tell them apart).
 */
export function topUp(top: TopK, fallback: Int32Array, k: number, exclude?: ReadonlySet<number>): TopK {
  if (top.items.length >= k) return top;
  const items = new Int32Array(k);
  const scores = new Float32Array(k);
  items.set(top.items);
  scores.set(top.scores);
  let n = top.items.length;
  // short lists: a linear scan of what is there beats building a set
  const have = k > 64 ? new Set(top.items) : null;
  for (let q = 0; q < fallback.length && n < k; q++) {
    const item = fallback[q];
    if ((exclude !== undefined && exclude.has(item)) || (have ? have.has(item) : items.subarray(0, n).includes(item))) continue;
    items[n++] = item;
    have?.add(item);
  }
  return { items: items.subarray(0, n), scores: scores.subarray(0, n) };
}
