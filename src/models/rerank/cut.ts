/**
 * The cheap first cut of a ranking stage (docs/rerank.md): a linear score over every candidate, so that the network
 * scores only the best `keep` of them. Weights are on the normalised features (as the network's first layer); the
 * normalisation is folded in, so a raw feature of 0 adds nothing.
 */
export interface RankerCut {
  /** One weight per feature, on normalised features (x - mean) / std. */
  readonly w: Float32Array;
  /** The network scores this many candidates (the best by the linear score); 0: every candidate. */
  readonly keep: number;
}

/** Picks the rows the network scores: the `keep` best by the linear score, then by row number. */
export class LinearCut {
  private readonly wRaw: Float64Array;
  private s = new Float64Array(256);
  private sorted = new Float64Array(256);
  /** The chosen rows, in row order: `rows[0 .. m)` after select(). */
  rows = new Int32Array(256);

  constructor(cut: RankerCut, std: Float32Array) {
    this.wRaw = Float64Array.from(cut.w, (w, f) => w / std[f]);
  }

  /** Scores the n rows of x (F wide, row-major), keeps the best `keep` in `rows`; returns how many it kept. */
  select(x: Float32Array, n: number, F: number, keep: number): number {
    if (this.s.length < n) {
      this.s = new Float64Array(n * 2);
      this.sorted = new Float64Array(n * 2);
      this.rows = new Int32Array(n * 2);
    }
    const { s, rows, wRaw } = this;
    if (n <= keep) {
      for (let r = 0; r < n; r++) rows[r] = r;
      return n;
    }
    for (let r = 0, at = 0; r < n; r++, at += F) {
      let sum = 0;
      for (let f = 0; f < F; f++) {
        const v = x[at + f];
        if (v !== 0) sum += v * wRaw[f];
      }
      s[r] = sum;
    }
    const sorted = this.sorted.subarray(0, n);
    sorted.set(s.subarray(0, n));
    sorted.sort();
    // the keep-th largest score: rows above it, then rows equal to it in row order until `keep`
    const t = sorted[n - keep];
    let above = 0;
    for (let r = 0; r < n; r++) if (s[r] > t) above++;
    let ties = keep - above;
    let m = 0;
    for (let r = 0; r < n; r++) if (s[r] > t || (s[r] === t && ties-- > 0)) rows[m++] = r;
    return m;
  }
}
