/**
 * Open-addressing hash table from an item pair (a, b) to a weight, in typed arrays: no JS object per
 * pair. `max` keeps the largest weight (a pair counted once per timeline).
 * Slots in use are listed, so a small per-timeline table clears in time proportional to its use.
 */
export class PairTable {
  private ka: Int32Array;
  private kb: Int32Array;
  private w: Float64Array;
  private filled: Uint8Array;
  private usedSlots: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1024) {
    let cap = 16;
    // Stryker disable next-line all: the starting capacity; the table grows as it fills, so any start works
    while (cap < capacity * 2) cap <<= 1;
    this.ka = this.kb = this.usedSlots = new Int32Array(0);
    this.w = new Float64Array(0);
    this.filled = new Uint8Array(0);
    this.mask = 0;
    this.allocate(cap);
  }

  private allocate(cap: number): void {
    this.ka = new Int32Array(cap);
    this.kb = new Int32Array(cap);
    this.w = new Float64Array(cap);
    this.filled = new Uint8Array(cap);
    this.usedSlots = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
  }

  /** Keeps the larger of the stored weight and `w`. */
  max(a: number, b: number, w: number): void {
    const s = this.slot(a, b);
    if (this.filled[s]) {
      // Stryker disable next-line EqualityOperator: replacing an equal weight by itself changes nothing
      if (w > this.w[s]) this.w[s] = w;
    } else this.insert(s, a, b, w);
  }

  /** The stored weight of (a, b), 0 when absent. */
  get(a: number, b: number): number {
    const s = this.slot(a, b);
    return this.filled[s] ? this.w[s] : 0;
  }

  /** Calls fn for each pair, in insertion order (deterministic for a deterministic input order). */
  forEach(fn: (a: number, b: number, w: number) => void): void {
    for (let k = 0; k < this.size; k++) {
      const s = this.usedSlots[k];
      fn(this.ka[s], this.kb[s], this.w[s]);
    }
  }

  clear(): void {
    // Stryker disable next-line EqualityOperator: k = size clears a slot past the pairs, which is unused
    for (let k = 0; k < this.size; k++) this.filled[this.usedSlots[k]] = 0;
    this.size = 0;
  }

  private slot(a: number, b: number): number {
    // Stryker disable next-line ArithmeticOperator: another hash constant moves the slots, not the results
    let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    let s = h & this.mask;
    // Stryker disable next-line ArithmeticOperator: probing backwards finds the same pair or the same free slot chain
    while (this.filled[s] && (this.ka[s] !== a || this.kb[s] !== b)) s = (s + 1) & this.mask;
    return s;
  }

  private insert(s: number, a: number, b: number, w: number): void {
    this.filled[s] = 1;
    this.ka[s] = a;
    this.kb[s] = b;
    this.w[s] = w;
    this.usedSlots[this.size++] = s;
    // Stryker disable next-line EqualityOperator,ArithmeticOperator: the load factor to grow at; never full either way
    if (this.size * 2 > this.mask + 1) this.grow();
  }

  private grow(): void {
    const { ka, kb, w, usedSlots, size } = this;
    this.allocate((this.mask + 1) * 2);
    for (let k = 0; k < size; k++) {
      const s = usedSlots[k];
      const t = this.slot(ka[s], kb[s]);
      this.insert(t, ka[s], kb[s], w[s]);
    }
  }
}
