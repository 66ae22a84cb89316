import type { ScaledCsr } from "../../data/csr.js";

/**
 * One neighbour list's scores for a query: the recency-weighted sum of the seed items' neighbour rows (the weights of
 * the co-visitation model: 2^linspace(0.1, 1, n) - 1, oldest to newest), every touched item's score and rank (by score
 * descending, then item code) kept until the next query. Reused across queries: only touched entries are reset.
 */
export class ListScatter {
  readonly score: Float32Array;
  /** Rank + 1 of a touched item (0: not touched). */
  readonly rank: Int32Array;
  private touched: Int32Array;
  private n = 0;

  constructor(readonly m: ScaledCsr) {
    this.score = new Float32Array(m.rows);
    this.rank = new Int32Array(m.rows);
    this.touched = new Int32Array(256);
  }

  /** Scores the seeds (most recent first) and ranks every touched item; returns how many were touched. */
  run(seeds: ArrayLike<number>, nSeeds: number): number {
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
    const order = this.touched.subarray(0, this.n);
    const score = this.score;
    order.sort((a, b) => score[b] - score[a] || a - b);
    for (let x = 0; x < this.n; x++) this.rank[order[x]] = x + 1;
    return this.n;
  }

  /** The touched items, best first (valid until the next run). */
  ranked(): Int32Array {
    return this.touched.subarray(0, this.n);
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
