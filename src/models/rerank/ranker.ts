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
  private a: Float32Array;
  private b: Float32Array;

  constructor(readonly ranker: Ranker) {
    const widest = Math.max(ranker.mean.length, ...ranker.layers.map((l) => l.nOut));
    this.a = new Float32Array(widest);
    this.b = new Float32Array(widest);
  }

  score(x: Float32Array, rows: number, out: Float32Array): void {
    const { mean, std, layers } = this.ranker;
    const F = mean.length;
    for (let r = 0; r < rows; r++) {
      let cur = this.a;
      let next = this.b;
      const at = r * F;
      for (let f = 0; f < F; f++) cur[f] = (x[at + f] - mean[f]) / std[f];
      for (const layer of layers) {
        const { nIn, nOut, w, b, relu } = layer;
        for (let o = 0; o < nOut; o++) next[o] = b[o];
        for (let i = 0; i < nIn; i++) {
          const v = cur[i];
          if (v === 0) continue;
          const wi = i * nOut;
          for (let o = 0; o < nOut; o++) next[o] += v * w[wi + o];
        }
        if (relu) for (let o = 0; o < nOut; o++) if (next[o] < 0) next[o] = 0;
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
