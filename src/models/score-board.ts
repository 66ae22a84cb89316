import type { TopK } from "./recommender.js";

/**
 * Sparse score accumulation over a dense scratch array: `add` touches an item, `top` ranks the touched
 * items (score descending, ties by item code) and resets the scratch. One per model: no allocation
 * per query beyond the result.
 */
export class ScoreBoard {
  private readonly score: Float64Array;
  private readonly touched: Int32Array;
  private readonly isTouched: Uint8Array;
  private count = 0;

  constructor(readonly nItems: number) {
    this.score = new Float64Array(nItems);
    this.touched = new Int32Array(nItems);
    this.isTouched = new Uint8Array(nItems);
  }

  add(item: number, w: number): void {
    if (!this.isTouched[item]) {
      this.isTouched[item] = 1;
      this.touched[this.count++] = item;
    }
    this.score[item] += w;
  }

  has(item: number): boolean {
    return this.isTouched[item] === 1;
  }

  get size(): number {
    return this.count;
  }

  /** The k best touched items not excluded, then resets. */
  top(k: number, exclude?: ReadonlySet<number>): TopK {
    const cand: number[] = [];
    for (let q = 0; q < this.count; q++) {
      const item = this.touched[q];
      if (!exclude?.has(item) && this.score[item] > 0) cand.push(item);
    }
    const s = this.score;
    cand.sort((a, b) => s[b] - s[a] || a - b);
    const n = Math.min(k, cand.length);
    const items = new Int32Array(n);
    const scores = new Float32Array(n);
    for (let q = 0; q < n; q++) {
      items[q] = cand[q];
      scores[q] = s[cand[q]];
    }
    this.reset();
    return { items, scores };
  }

  reset(): void {
    for (let q = 0; q < this.count; q++) {
      const item = this.touched[q];
      this.score[item] = 0;
      this.isTouched[item] = 0;
    }
    this.count = 0;
  }
}

/**
 * `top` followed by items of `fallback` (best first) not already in it nor excluded, up to k. Top-up
 * items score 0: they were not scored by the model (evaluation can tell them apart).
 */
export function topUp(top: TopK, fallback: Int32Array, k: number, exclude?: ReadonlySet<number>): TopK {
  if (top.items.length >= k) return top;
  const items = Array.from(top.items);
  const scores = Array.from(top.scores);
  const have = new Set(items);
  for (let q = 0; q < fallback.length && items.length < k; q++) {
    const item = fallback[q];
    if (have.has(item) || exclude?.has(item)) continue;
    have.add(item);
    items.push(item);
    scores.push(0);
  }
  return { items: Int32Array.from(items), scores: Float32Array.from(scores) };
}
