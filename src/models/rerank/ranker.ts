/** One dense layer: out = act(in x W + b), W row-major [nIn][nOut]. */
export interface DenseLayer {
  readonly nIn: number;
  readonly nOut: number;
  readonly w: Float32Array;
  readonly b: Float32Array;
  readonly relu: boolean;
}

/** The learned ranker: per-feature normalisation, then dense layers down to one score per candidate. */
export interface Ranker {
  readonly kind: "mlp" | "linear";
  /** Feature means and standard deviations of the training rows: x' = (x - mean) / std. */
  readonly mean: Float32Array;
  readonly std: Float32Array;
  readonly layers: readonly DenseLayer[];
}

/**
 * The forward pass in plain TypeScript on typed arrays (what the serving loader runs; training runs the same network
 * on TensorFlow.js, and a test holds the two equal within float tolerance). Scores `rows` rows of `x` (F wide) into
 * `out`.
 */
export class RankerScorer {
  /** Each layer's weights transposed ([nOut][nIn]) in float64, the normalisation folded into the first layer. */
  private readonly wt: Float64Array[];
  private readonly bias: Float64Array[];
  private a: Float64Array;
  private b: Float64Array;

  constructor(readonly ranker: Ranker) {
    const { mean, std, layers } = ranker;
    this.wt = layers.map(({ nIn, nOut, w }, l) => {
      const t = new Float64Array(nIn * nOut);
      for (let i = 0; i < nIn; i++)
        for (let o = 0; o < nOut; o++) t[o * nIn + i] = l === 0 ? w[i * nOut + o] / std[i] : w[i * nOut + o];
      return t;
    });
    // (x - mean) / std . w + b = x . (w / std) + (b - sum(mean / std . w))
    this.bias = layers.map(({ nIn, nOut, w, b }, l) => {
      const out = Float64Array.from(b);
      if (l === 0)
        for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) out[o] -= (mean[i] / std[i]) * w[i * nOut + o];
      return out;
    });
    const widest = Math.max(mean.length, ...layers.map((l) => l.nOut));
    this.a = new Float64Array(widest);
    this.b = new Float64Array(widest);
  }

  score(x: Float32Array, rows: number, out: Float32Array): void {
    const { layers } = this.ranker;
    const F = this.ranker.mean.length;
    const L = layers.length;
    for (let r = 0; r < rows; r++) {
      let cur = this.a;
      let next = this.b;
      const at = r * F;
      for (let f = 0; f < F; f++) cur[f] = x[at + f];
      for (let l = 0; l < L; l++) {
        const { nIn, nOut, relu } = layers[l];
        const wt = this.wt[l];
        const bias = this.bias[l];
        for (let o = 0; o < nOut; o++) {
          let s0 = bias[o];
          let s1 = 0;
          const base = o * nIn;
          let i = 0;
          for (; i + 1 < nIn; i += 2) {
            s0 += cur[i] * wt[base + i];
            s1 += cur[i + 1] * wt[base + i + 1];
          }
          if (i < nIn) s0 += cur[i] * wt[base + i];
          const s = s0 + s1;
          next[o] = relu && s < 0 ? 0 : s;
        }
        const t = cur;
        cur = next;
        next = t;
      }
      out[r] = cur[0];
    }
  }
}

/** Normalisation of the training rows: mean and standard deviation per feature (a constant feature gets std 1). */
export function featureScale(x: Float32Array, F: number): { mean: Float32Array; std: Float32Array } {
  const rows = x.length / F;
  const sum = new Float64Array(F);
  const sq = new Float64Array(F);
  for (let r = 0; r < rows; r++)
    for (let f = 0; f < F; f++) {
      const v = x[r * F + f];
      sum[f] += v;
      sq[f] += v * v;
    }
  const mean = new Float32Array(F);
  const std = new Float32Array(F);
  for (let f = 0; f < F; f++) {
    const m = rows > 0 ? sum[f] / rows : 0;
    const variance = rows > 0 ? Math.max(0, sq[f] / rows - m * m) : 0;
    mean[f] = m;
    std[f] = variance > 1e-12 ? Math.sqrt(variance) : 1;
  }
  return { mean, std };
}
