import type { Csr } from "../../data/csr.js";
import { TopKHeap, type Ranking } from "../top-k-heap.js";

/**
 * Exact cosine neighbour lists over unit vectors. The score of a pair is the dot product of the float32
 * components summed in float64 in dimension order, so every path (this all-pairs scan, the tensor
 * backends' candidates re-scored by `NeighbourRows`) gives the same bits. Rows are best first: higher
 * score, then lower item code; only positive scores are kept; stored scores are rounded to 1e-9.
 */
export function pairScore(unit: Float32Array, dim: number, a: number, b: number): number {
  let s = 0;
  const ia = a * dim;
  const ib = b * dim;
  for (let d = 0; d < dim; d++) s += unit[ia + d] * unit[ib + d];
  return s;
}

/** 1 for each row with a non-zero vector. */
export function trainedRows(vectors: Float32Array, dim: number): Uint8Array {
  const out = new Uint8Array(vectors.length / dim);
  for (let i = 0; i < out.length; i++)
    for (let d = 0; d < dim && !out[i]; d++) if (vectors[i * dim + d] !== 0) out[i] = 1;
  return out;
}

/** Vectors scaled to unit length (zero rows stay zero). */
export function unitVectors(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let i = 0; i < vectors.length / dim; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += vectors[i * dim + d] ** 2;
    if (norm === 0) continue;
    const f = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) out[i * dim + d] = vectors[i * dim + d] * f;
  }
  return out;
}

/** Builds the neighbour Csr row by row, from candidates or from a scan of every item. */
export class NeighbourRows {
  private readonly scores: Float64Array;
  private readonly heap: TopKHeap;
  private readonly indptr: Int32Array;
  private readonly indices: number[] = [];
  private readonly data: number[] = [];
  readonly trained: Uint8Array;

  constructor(
    private readonly unit: Float32Array,
    private readonly dim: number,
    private readonly k: number,
  ) {
    const n = unit.length / dim;
    this.scores = new Float64Array(n);
    const scores = this.scores;
    const order: Ranking = { ranks: (a, b) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b) };
    this.heap = new TopKHeap(order);
    this.indptr = new Int32Array(n + 1);
    this.trained = trainedRows(unit, dim);
  }

  /**
   * Row i's k best among `candidates`. Returns the worst kept score, or 0 when fewer than k positive
   * candidates were found; the row is not stored until `commit`.
   */
  select(i: number, candidates: ArrayLike<number>, count = candidates.length): number {
    const heap = this.heap;
    heap.reset(this.k);
    for (let c = 0; c < count; c++) {
      const j = candidates[c];
      if (j === i) continue;
      const s = pairScore(this.unit, this.dim, i, j);
      this.scores[j] = s;
      if (s > 0) heap.offer(j);
    }
    return heap.size === this.k && heap.size > 0 ? this.scores[heap.worst()] : 0;
  }

  /** Row i's k best of every trained item (the exact scan). */
  scan(i: number): void {
    const heap = this.heap;
    heap.reset(this.k);
    if (this.trained[i]) {
      const n = this.trained.length;
      for (let j = 0; j < n; j++) {
        if (j === i || !this.trained[j]) continue;
        const s = pairScore(this.unit, this.dim, i, j);
        this.scores[j] = s;
        if (s > 0) heap.offer(j);
      }
    }
    this.commit(i);
  }

  /** Stores row i from the last select or scan; rows must be committed in order. */
  commit(i: number): void {
    const row: number[] = new Array(this.heap.size);
    this.heap.drain((r, j) => (row[r] = j));
    for (const j of row) {
      this.indices.push(j);
      this.data.push(Math.round(this.scores[j] * 1e9) / 1e9);
    }
    this.indptr[i + 1] = this.indices.length;
  }

  /** Stores an empty row i (an item without a vector). */
  empty(i: number): void {
    this.indptr[i + 1] = this.indices.length;
  }

  csr(): Csr {
    return {
      rows: this.trained.length,
      indptr: this.indptr,
      indices: Int32Array.from(this.indices),
      data: Float64Array.from(this.data),
    };
  }
}

/** Each item's k nearest items by exact cosine, scanning all pairs in plain JS (the reference path). */
export function cosineNeighbours(unit: Float32Array, dim: number, k: number): Csr {
  const rows = new NeighbourRows(unit, dim, k);
  for (let i = 0; i < rows.trained.length; i++) rows.scan(i);
  return rows.csr();
}
