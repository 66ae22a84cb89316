/**
 * The median of a multiset of values drawn from a known sorted list of distinct values, under inserts and removals:
 * a Fenwick tree of counts over the values' ranks, so that each step and each median is O(log d). The median of an
 * even count is the mean of the two middle values.
 */
export class RunningMedian {
  private tree: Int32Array;
  private values: Float64Array = new Float64Array(0);
  private d = 0;
  private top = 1;
  size = 0;

  constructor(capacity = 16) {
    this.tree = new Int32Array(capacity + 1);
  }

  /** Starts over with the distinct sorted `values` (ranks index them). */
  reset(values: Float64Array): void {
    this.values = values;
    this.d = values.length;
    if (this.tree.length < this.d + 1) this.tree = new Int32Array(2 * this.d + 1);
    else this.tree.fill(0, 0, this.d + 1);
    this.top = 1;
    while (this.top * 2 <= this.d) this.top *= 2;
    this.size = 0;
  }

  add(rank: number, delta: number): void {
    this.size += delta;
    for (let x = rank + 1; x <= this.d; x += x & -x) this.tree[x] += delta;
  }

  /** The k-th smallest value held (k from 1). */
  kth(k: number): number {
    let pos = 0;
    for (let step = this.top; step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.d && this.tree[next] < k) {
        pos = next;
        k -= this.tree[next];
      }
    }
    return this.values[pos];
  }

  median(): number {
    if (this.size === 0) return NaN;
    const half = this.size >> 1;
    return this.size % 2 === 1 ? this.kth(half + 1) : (this.kth(half) + this.kth(half + 1)) / 2;
  }
}

/** The sorted distinct values of `xs`. */
export function distinctSorted(xs: Float64Array): Float64Array {
  const s = Float64Array.from(xs).sort();
  let m = 0;
  for (let x = 0; x < s.length; x++) if (x === 0 || s[x] !== s[m - 1]) s[m++] = s[x];
  return s.slice(0, m);
}

/** The index of `v` in the sorted distinct `values` (which hold it). */
export function rankOf(values: Float64Array, v: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
