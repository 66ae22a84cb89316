import { CartliftError } from "../../errors.js";
import { SGNS_KERNEL_WASM } from "./sgns-kernel-wasm.js";

// the layout of sgns-kernel.wat's memory
const SIGMOID_AT = 0;
const NEG_LOG_SIGMOID_AT = 4096;
const TARGETS_AT = 8192;
const MAX_TARGETS = (16384 - TARGETS_AT) / 4;
const TABLES_AT = 32768;
const PAGE = 65536;
/** wasm32 addresses at most 4 GiB. */
const MAX_BYTES = 2 ** 32 - PAGE;

// word2vec's sigmoid table: 1,000 steps over (-6, 6)
const MAX_EXP = 6;
const EXP_STEPS = 1000;
const stepValue = (i: number) => ((i / EXP_STEPS) * 2 - 1) * MAX_EXP;

// the few WebAssembly types used here (the DOM lib, which declares them, is not in this build)
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
};

let compiled: object | undefined;

/**
 * The SGNS update on WebAssembly SIMD (sgns-kernel.wat): the input and output tables live in the
 * module's memory, rows padded to a multiple of four floats. The caller picks the pairs and the
 * negatives (the random choices stay in JS); `pair` does the dot products and gradient steps,
 * four lanes at a time. Float32 arithmetic in a fixed order: the same calls give the same bits.
 */
export class SgnsKernel {
  /** Floats per row: the dimension rounded up to a multiple of 4. */
  readonly stride: number;
  readonly input: Float32Array;
  readonly output: Float32Array;
  private readonly targets: Int32Array;
  private readonly pairFn: (inAt: number, outAt: number, count: number, bytes: number, alpha: number) => number;
  private readonly outputAt: number;
  private count = 0;

  constructor(
    readonly nItems: number,
    readonly dim: number,
  ) {
    this.stride = Math.ceil(dim / 4) * 4;
    const tableBytes = nItems * this.stride * 4;
    const bytes = TABLES_AT + 2 * tableBytes;
    if (bytes > MAX_BYTES)
      throw new CartliftError(
        "too_large",
        `item2vec: ${nItems} items x ${dim} dimensions need ${Math.round(bytes / 2 ** 20)} MiB of tables, over the 4 GiB a wasm32 memory can address`,
        "lower --dim, or raise --min-count to drop rare items",
      );
    compiled ??= new WebAssembly.Module(Buffer.from(SGNS_KERNEL_WASM, "base64"));
    const instance = new WebAssembly.Instance(compiled, {});
    const memory = instance.exports.memory as WasmMemory;
    memory.grow(Math.ceil(bytes / PAGE) - memory.buffer.byteLength / PAGE);
    const buffer = memory.buffer;
    new Float32Array(buffer, SIGMOID_AT, EXP_STEPS + 1).set(
      Array.from({ length: EXP_STEPS + 1 }, (_, i) => 1 / (1 + Math.exp(-stepValue(i)))),
    );
    new Float32Array(buffer, NEG_LOG_SIGMOID_AT, EXP_STEPS + 1).set(
      Array.from({ length: EXP_STEPS + 1 }, (_, i) => Math.log1p(Math.exp(-stepValue(i)))),
    );
    this.targets = new Int32Array(buffer, TARGETS_AT, MAX_TARGETS);
    this.input = new Float32Array(buffer, TABLES_AT, nItems * this.stride);
    this.outputAt = TABLES_AT + tableBytes;
    this.output = new Float32Array(buffer, this.outputAt, nItems * this.stride);
    this.pairFn = instance.exports.pair as SgnsKernel["pairFn"];
  }

  /** Most targets (the positive and its negatives) one pair can take. */
  static readonly maxTargets = MAX_TARGETS;

  /** Starts a pair's target list with its positive row. */
  positive(row: number): void {
    this.targets[0] = row;
    this.count = 1;
  }

  negative(row: number): void {
    this.targets[this.count++] = row;
  }

  /** Trains input row `inputRow` against the listed targets; returns the pair's loss. */
  train(inputRow: number, alpha: number): number {
    return this.pairFn(TABLES_AT + inputRow * this.stride * 4, this.outputAt, this.count, this.stride * 4, alpha);
  }

  /** The input vectors, dim floats per item (the padding dropped). */
  vectors(): Float32Array {
    if (this.stride === this.dim) return this.input.slice();
    const out = new Float32Array(this.nItems * this.dim);
    for (let i = 0; i < this.nItems; i++)
      out.set(this.input.subarray(i * this.stride, i * this.stride + this.dim), i * this.dim);
    return out;
  }
}
