import type { TopK } from "./recommender.js";
import { TopKHeap, type Ranking } from "./top-k-heap.js";

/**
 * Sparse score accumulation over a dense scratch array: `add` touches an item, `top` ranks the touched
 * items (score descending, ties by item code) and resets the scratch. One per model: no allocation
 * per query beyond the result. Weights are positive, so a score of 0 means untouched.
 */
export class ScoreBoard implements Ranking {
  private readonly score: Float64Array;
  private readonly touched: Int32Array;
  private count = 0;
  /** Items left out of the next top() (e.g. the history's own items), and their list for the reset. */
  private readonly skipped: Uint8Array;
  private skippedList: number[] = [];
  private readonly heap = new TopKHeap(this);

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
    const heap = this.heap;
    heap.reset(Math.max(0, k));
    for (let q = 0; q < this.count; q++) {
      const item = this.touched[q];
      if (this.skipped[item] || (exclude !== undefined && exclude.has(item))) continue;
      heap.offer(item);
    }
    const items = new Int32Array(heap.size);
    const scores = new Float32Array(heap.size);
    heap.drain((r, item) => {
      items[r] = item;
      scores[r] = this.score[item];
    });
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
  ranks(a: number, b: number): boolean {
    const s = this.score;
    return s[a] > s[b] || (s[a] === s[b] && a < b);
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
