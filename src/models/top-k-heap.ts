/** The order of a top-k selection: `ranks(a, b)` is true when a ranks before b (a strict order). */
export interface Ranking {
  ranks(a: number, b: number): boolean;
}

/**
 * The k best of a stream of entries (numbers the ranking understands: items, row positions), kept in a
 * min-heap on the ranking (heap[0] is the worst kept): O(log k) per offer, no allocation.
 */
export class TopKHeap {
  private heap = new Int32Array(64);
  private k = 0;
  size = 0;

  constructor(private readonly order: Ranking) {}

  /** Starts a new selection of at most k entries. */
  reset(k: number): void {
    if (this.heap.length < k) this.heap = new Int32Array(k);
    this.k = k;
    this.size = 0;
  }

  offer(x: number): void {
    if (this.size < this.k) {
      this.heap[this.size] = x;
      this.siftUp(this.size++);
    } else if (this.k > 0 && this.order.ranks(x, this.heap[0])) {
      this.heap[0] = x;
      this.siftDown(this.size);
    }
  }

  /** The worst entry kept (only when size > 0). */
  worst(): number {
    return this.heap[0];
  }

  /** Empties the heap, calling emit(rank, entry) from the worst (rank size - 1) to the best (rank 0). */
  drain(emit: (rank: number, x: number) => void): void {
    const h = this.heap;
    for (let r = this.size - 1; r >= 0; r--) {
      emit(r, h[0]);
      h[0] = h[r];
      this.siftDown(r);
    }
    this.size = 0;
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.order.ranks(h[parent], h[i])) break;
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
      if (l < size && this.order.ranks(h[worst], h[l])) worst = l;
      if (r < size && this.order.ranks(h[worst], h[r])) worst = r;
      if (worst === i) return;
      const t = h[worst];
      h[worst] = h[i];
      h[i] = t;
      i = worst;
    }
  }
}
