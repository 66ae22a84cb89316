import type { TopK } from "./recommender.js";
import { TopKHeap, type Ranking } from "./top-k-heap.js";

/**
 * Sparse score accumulation for one query: `add` sums weights per item, `top` ranks the items
 * (score descending, ties by item code) and resets. The items live in a small open-addressing table
 * that grows with the query (a few hundred items for a typical history), so a query touches a few
 * cache lines instead of catalogue-sized arrays. One per model: no allocation per query beyond the result.
 */
export class ScoreBoard implements Ranking {
  private keys = new Int32Array(1024).fill(-1);
  private values = new Float64Array(1024);
  private skipped = new Uint8Array(1024);
  /** Slots in use, in insertion order (for top and reset). */
  private used = new Int32Array(512);
  private count = 0;
  private mask = 1023;
  private readonly heap = new TopKHeap(this);

  constructor(readonly nItems: number) {}

  /** Leaves `item` out of the next top(). */
  skip(item: number): void {
    this.skipped[this.slotFor(item)] = 1;
  }

  /** Adds a positive weight (others are ignored). */
  add(item: number, w: number): void {
    if (!(w > 0)) return;
    this.values[this.slotFor(item)] += w;
  }

  has(item: number): boolean {
    const s = this.find(item);
    return s >= 0 && this.values[s] > 0;
  }

  /** The k best items with a positive score, not skipped nor excluded, best first; then resets. O(items log k). */
  top(k: number, exclude?: ReadonlySet<number>): TopK {
    const heap = this.heap;
    heap.reset(Math.max(0, k));
    for (let q = 0; q < this.count; q++) {
      const s = this.used[q];
      if (!(this.values[s] > 0) || this.skipped[s] || (exclude !== undefined && exclude.has(this.keys[s]))) continue;
      heap.offer(s);
    }
    const items = new Int32Array(heap.size);
    const scores = new Float32Array(heap.size);
    heap.drain((r, s) => {
      items[r] = this.keys[s];
      scores[r] = this.values[s];
    });
    this.reset();
    return { items, scores };
  }

  reset(): void {
    for (let q = 0; q < this.count; q++) {
      const s = this.used[q];
      this.keys[s] = -1;
      this.values[s] = 0;
      this.skipped[s] = 0;
    }
    this.count = 0;
  }

  /** Slot a ranks before slot b: higher score, then lower item code. */
  ranks(a: number, b: number): boolean {
    const v = this.values;
    return v[a] > v[b] || (v[a] === v[b] && this.keys[a] < this.keys[b]);
  }

  /** The item's slot, inserted if new. */
  private slotFor(item: number): number {
    let s = Math.imul(item, 0x9e3779b1) & this.mask;
    for (;;) {
      const key = this.keys[s];
      if (key === item) return s;
      if (key === -1) break;
      s = (s + 1) & this.mask;
    }
    if (2 * (this.count + 1) > this.mask + 1) {
      this.grow();
      return this.slotFor(item);
    }
    this.keys[s] = item;
    this.used[this.count++] = s;
    return s;
  }

  private find(item: number): number {
    let s = Math.imul(item, 0x9e3779b1) & this.mask;
    for (;;) {
      const key = this.keys[s];
      if (key === item) return s;
      if (key === -1) return -1;
      s = (s + 1) & this.mask;
    }
  }

  /** Doubles the table, keeping every entry (and its insertion order). */
  private grow(): void {
    const { keys, values, skipped, used, count } = this;
    const cap = (this.mask + 1) * 2;
    this.keys = new Int32Array(cap).fill(-1);
    this.values = new Float64Array(cap);
    this.skipped = new Uint8Array(cap);
    this.used = new Int32Array(cap / 2);
    this.mask = cap - 1;
    this.count = 0;
    for (let q = 0; q < count; q++) {
      const old = used[q];
      const s = this.slotFor(keys[old]);
      this.values[s] = values[old];
      this.skipped[s] = skipped[old];
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
    if ((exclude !== undefined && exclude.has(item)) || (have ? have.has(item) : items.subarray(0, n).includes(item)))
      continue;
    items[n++] = item;
    have?.add(item);
  }
  return { items: items.subarray(0, n), scores: scores.subarray(0, n) };
}
