import { RANKER_KERNEL_WASM } from "./ranker-kernel-wasm.js";

const PAGE = 65536;

// the few WebAssembly types used here (the DOM lib, which declares them, is not in this build)
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

type ScoreFn = (
  x: number,
  rows: number,
  F: number,
  varying: number,
  nVarying: number,
  base: number,
  w0: number,
  n0: number,
  w1: number,
  b1: number,
  n1: number,
  w2: number,
  b2: number,
  a: number,
  c: number,
  out: number,
) => void;

let compiled: object | undefined;
/** Widths padded to a multiple of 8 (the kernel's loops add four float64 pairs per step). */
const padded = (n: number) => Math.ceil(n / 8) * 8;

/**
 * The row loop of a 3-layer ranker (F -> n0 ReLU -> n1 ReLU -> 1) on WebAssembly with float64 SIMD
 * (ranker-kernel.wat): the same multiplies and adds in the same order as RankerScorer's loop in TypeScript, so the
 * same scores, two units at a time. The weights (float64, the normalisation folded into the first layer) are copied
 * into the module's memory once, widths padded to a multiple of 8 with zeros (zero units stay 0 and are skipped);
 * each call copies its rows in.
 */
export class RankerKernel {
  private readonly fn: ScoreFn;
  private readonly memory: WasmMemory;
  private readonly n0: number;
  private readonly n1: number;
  private readonly at: { base: number; w0: number; w1: number; b1: number; w2: number; a: number; c: number };
  private readonly varyingAt: number;
  private readonly rowsAt: number;
  private capacity = 0;
  private x!: Float32Array;
  private out!: Float64Array;
  private base!: Float64Array;
  private varying!: Int32Array;

  /** w0 [F][n0], w1 [n0][n1], w2 [n1] (row-major, float64); b1 [n1]; b2 the output bias. */
  constructor(
    readonly F: number,
    n0: number,
    n1: number,
    w0: Float64Array,
    w1: Float64Array,
    b1: Float64Array,
    w2: Float64Array,
    readonly b2: number,
  ) {
    this.n0 = padded(n0);
    this.n1 = padded(n1);
    const sizes = {
      base: this.n0,
      w0: F * this.n0,
      w1: this.n0 * this.n1,
      b1: this.n1,
      w2: this.n1,
      a: this.n0,
      c: this.n1,
    };
    let at = 0;
    const offsets: Record<string, number> = {};
    for (const [name, n] of Object.entries(sizes)) {
      offsets[name] = at;
      at += n * 8;
    }
    this.at = offsets as RankerKernel["at"];
    this.varyingAt = at;
    this.rowsAt = at + Math.ceil((F * 4) / 16) * 16;
    compiled ??= new WebAssembly.Module(Buffer.from(RANKER_KERNEL_WASM, "base64"));
    const instance = new WebAssembly.Instance(compiled, {});
    this.memory = instance.exports.memory as WasmMemory;
    this.fn = instance.exports.score as ScoreFn;
    this.reserve(512);
    const f64 = (name: keyof RankerKernel["at"], n: number) => new Float64Array(this.memory.buffer, this.at[name], n);
    const W0 = f64("w0", sizes.w0);
    for (let f = 0; f < F; f++) for (let o = 0; o < n0; o++) W0[f * this.n0 + o] = w0[f * n0 + o];
    const W1 = f64("w1", sizes.w1);
    for (let i = 0; i < n0; i++) for (let o = 0; o < n1; o++) W1[i * this.n1 + o] = w1[i * n1 + o];
    f64("b1", n1).set(b1);
    f64("w2", n1).set(w2);
  }

  /** The base pre-activations of the next call (n0 of them; the padding stays 0). */
  get baseRow(): Float64Array {
    return this.base;
  }

  /** The varying columns of the next call. */
  get varyingColumns(): Int32Array {
    return this.varying;
  }

  /** Scores `rows` rows of x through the network, from baseRow and the first `nVarying` varying columns, into out. */
  score(x: Float32Array, rows: number, nVarying: number, out: Float32Array): void {
    this.reserve(rows);
    this.x.set(x.subarray(0, rows * this.F));
    const { at } = this;
    const xAt = this.rowsAt + this.capacity * 8;
    this.fn(
      xAt,
      rows,
      this.F,
      this.varyingAt,
      nVarying,
      at.base,
      at.w0,
      this.n0,
      at.w1,
      at.b1,
      this.n1,
      at.w2,
      this.b2,
      at.a,
      at.c,
      this.rowsAt,
    );
    const scores = this.out;
    for (let r = 0; r < rows; r++) out[r] = scores[r];
  }

  /** Room for `rows` rows (out f64[rows], then x f32[rows][F]), the memory grown and the views made again. */
  private reserve(rows: number): void {
    if (rows <= this.capacity) return;
    const capacity = Math.max(rows, this.capacity * 2);
    const bytes = this.rowsAt + capacity * 8 + capacity * this.F * 4;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    const buffer = this.memory.buffer;
    this.capacity = capacity;
    this.out = new Float64Array(buffer, this.rowsAt, capacity);
    this.x = new Float32Array(buffer, this.rowsAt + capacity * 8, capacity * this.F);
    this.base = new Float64Array(buffer, this.at.base, this.n0);
    this.varying = new Int32Array(buffer, this.varyingAt, this.F);
  }
}
