import type { ScaledCsr } from "../../data/csr.js";

/** Items below this fit beside a float32 score's 32 order bits in one exactly represented float64 sort key. */
const PACKED_ITEMS = 2 ** 21;
const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);

/**
 * One neighbour list's scores for a query: the recency-weighted sum of the seed items' neighbour rows (the weights of
 * the co-visitation model: 2^linspace(0.1, 1, n) - 1, oldest to newest), every touched item's score and rank (by score
 * descending, then item code) kept until the next query. Reused across queries: only touched entries are reset.
 */
export class ListScatter {
  readonly score: Float32Array;
  /** Rank + 1 of a touched item (0: not touched; -1: touched, not ranked). */
  readonly rank: Int32Array;
  private touched: Int32Array;
  private keys = new Float64Array(256);
  private n = 0;

  constructor(readonly m: ScaledCsr) {
    this.score = new Float32Array(m.rows);
    this.rank = new Int32Array(m.rows);
    this.touched = new Int32Array(256);
  }

  /**
   * Scores the seeds (most recent first) and, unless `rank` is false, ranks every touched item; returns how many were
   * touched.
   */
  run(seeds: ArrayLike<number>, nSeeds: number, rank = true): number {
    this.clear();
    const { indptr, indices, data, rowScale } = this.m;
    for (let r = 0; r < nSeeds; r++) {
      const item = seeds[r];
      const w =
        (nSeeds === 1 ? 1 : Math.pow(2, 0.1 + (0.9 * (nSeeds - 1 - r)) / (nSeeds - 1)) - 1) *
        (rowScale ? rowScale[item] : 1);
      for (let q = indptr[item]; q < indptr[item + 1]; q++) {
        const nb = indices[q];
        if (this.rank[nb] === 0) {
          this.rank[nb] = -1;
          if (this.n === this.touched.length) {
            const grown = new Int32Array(this.n * 2);
            grown.set(this.touched);
            this.touched = grown;
          }
          this.touched[this.n++] = nb;
        }
        this.score[nb] += w * data[q];
      }
    }
    if (rank) this.sortTouched();
    return this.n;
  }

  /** The touched items, best first after a ranking run (valid until the next run). */
  ranked(): Int32Array {
    return this.touched.subarray(0, this.n);
  }

  /**
   * Orders the touched items by score descending, then item code, and numbers their ranks. With the item codes below
   * 2^21, one float64 key per item holds both (the score's order bits above the code) and the engine's native numeric
   * sort orders them without a comparator call per pair; larger catalogues take the comparator.
   */
  private sortTouched(): void {
    const n = this.n;
    const order = this.touched.subarray(0, n);
    const score = this.score;
    if (this.m.rows > PACKED_ITEMS) order.sort((a, b) => score[b] - score[a] || a - b);
    else {
      if (this.keys.length < n) this.keys = new Float64Array(this.touched.length);
      const keys = this.keys.subarray(0, n);
      for (let x = 0; x < n; x++) keys[x] = descendingBits(score[order[x]]) * PACKED_ITEMS + order[x];
      keys.sort();
      for (let x = 0; x < n; x++) order[x] = keys[x] % PACKED_ITEMS;
    }
    for (let x = 0; x < n; x++) this.rank[order[x]] = x + 1;
  }

  private clear(): void {
    for (let x = 0; x < this.n; x++) {
      const i = this.touched[x];
      this.score[i] = 0;
      this.rank[i] = 0;
    }
    this.n = 0;
  }
}

/** A float32's order turned around: a larger score gives a smaller unsigned 32-bit number (-0 taken as 0). */
function descendingBits(s: number): number {
  asFloat[0] = s === 0 ? 0 : s;
  const u = bits[0];
  // positive floats order as their bits with the sign bit set; negative ones as their bits inverted
  const ascending = u & 0x80000000 ? ~u >>> 0 : (u | 0x80000000) >>> 0;
  return 0xffffffff - ascending;
}
