import { RankerKernel } from "./ranker-kernel.js";

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
 *
 * The normalisation is folded into the first layer ((x - mean) / std . w + b = x . w / std + b'), so a raw feature
 * of 0 adds nothing: each row adds only its non-zero features' weight rows, and a column that is the same on every
 * row of the call (the session's length, the time since the last event) is added once. After a ReLU, only the
 * active units' weight rows are added. Weights are row-major ([nIn][nOut]) in float64; no allocation per call.
 * A 3-layer network (the mlp) runs its row loop on WebAssembly (ranker-kernel.ts: the same operations in the same
 * order, so the same scores, about twice as fast); `kernel: false` keeps it in TypeScript.
 */
export class RankerScorer {
  /** Each layer's weights ([nIn][nOut], float64), the normalisation folded into the first. */
  private readonly w: Float64Array[];
  private readonly bias: Float64Array[];
  /** The first layer's pre-activations from its bias and the call's constant columns. */
  private readonly base: Float64Array;
  private readonly varying: Int32Array;
  private a: Float64Array;
  private b: Float64Array;
  private readonly kernel: RankerKernel | null;

  constructor(
    readonly ranker: Ranker,
    kernel = true,
  ) {
    const { mean, std, layers } = ranker;
    this.w = layers.map(({ nIn, nOut, w }, l) => {
      const t = new Float64Array(nIn * nOut);
      for (let i = 0; i < nIn; i++)
        for (let o = 0; o < nOut; o++) t[i * nOut + o] = l === 0 ? w[i * nOut + o] / std[i] : w[i * nOut + o];
      return t;
    });
    this.bias = layers.map(({ nIn, nOut, w, b }, l) => {
      const out = Float64Array.from(b);
      if (l === 0)
        for (let o = 0; o < nOut; o++) for (let i = 0; i < nIn; i++) out[o] -= (mean[i] / std[i]) * w[i * nOut + o];
      return out;
    });
    const widest = Math.max(mean.length, ...layers.map((l) => l.nOut));
    this.base = new Float64Array(widest);
    this.varying = new Int32Array(mean.length);
    this.a = new Float64Array(widest);
    this.b = new Float64Array(widest);
    const threeLayers =
      layers.length === 3 && layers[0].relu && layers[1].relu && !layers[2].relu && layers[2].nOut === 1;
    this.kernel =
      kernel && threeLayers
        ? new RankerKernel(
            mean.length,
            layers[0].nOut,
            layers[1].nOut,
            this.w[0],
            this.w[1],
            this.bias[1],
            this.w[2],
            this.bias[2][0],
          )
        : null;
  }

  score(x: Float32Array, rows: number, out: Float32Array): void {
    const { layers } = this.ranker;
    const F = this.ranker.mean.length;
    const L = layers.length;
    const n0 = layers[0].nOut;
    const w0 = this.w[0];
    const kernel = this.kernel;
    const base = kernel ? kernel.baseRow : this.base;
    const varying = kernel ? kernel.varyingColumns : this.varying;
    const bias0 = this.bias[0];
    for (let o = 0; o < n0; o++) base[o] = bias0[o];
    // columns equal on every row: added once; the others listed
    let nVarying = 0;
    for (let f = 0; f < F; f++) {
      const v = x[f];
      let same = true;
      for (let r = 1; r < rows && same; r++) same = x[r * F + f] === v;
      if (!same) varying[nVarying++] = f;
      else if (v !== 0) for (let o = 0, at = f * n0; o < n0; o++) base[o] += v * w0[at + o];
    }
    if (kernel) return kernel.score(x, rows, nVarying, out);
    for (let r = 0; r < rows; r++) {
      let cur = this.a;
      let next = this.b;
      const at = r * F;
      for (let o = 0; o < n0; o++) cur[o] = base[o];
      for (let j = 0; j < nVarying; j++) {
        const f = varying[j];
        const v = x[at + f];
        if (v !== 0) addScaled(cur, w0, f * n0, n0, v);
      }
      if (layers[0].relu) for (let o = 0; o < n0; o++) if (cur[o] < 0) cur[o] = 0;
      for (let l = 1; l < L; l++) {
        const { nIn, nOut, relu } = layers[l];
        const w = this.w[l];
        const bias = this.bias[l];
        for (let o = 0; o < nOut; o++) next[o] = bias[o];
        for (let i = 0; i < nIn; i++) {
          const v = cur[i];
          if (v !== 0) addScaled(next, w, i * nOut, nOut, v);
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

/** acc[0 .. n) += v * w[at .. at + n), four at a time (about twice as fast as one at a time in V8). */
function addScaled(acc: Float64Array, w: Float64Array, at: number, n: number, v: number): void {
  let o = 0;
  for (; o + 3 < n; o += 4) {
    acc[o] += v * w[at + o];
    acc[o + 1] += v * w[at + o + 1];
    acc[o + 2] += v * w[at + o + 2];
    acc[o + 3] += v * w[at + o + 3];
  }
  for (; o < n; o++) acc[o] += v * w[at + o];
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
