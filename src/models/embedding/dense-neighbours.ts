import type { Csr } from "../../data/csr.js";
import type { TensorLib } from "../../tensor/tensor-backend.js";
import { NeighbourRows } from "./cosine-neighbours.js";

/** Extra candidates per row beyond k (+1 for the item itself), so float32 near-ties rarely force a rescan. */
const MARGIN = 8;
/** Similarity block size in floats (64 MiB): rows per block = this / items. */
const BLOCK_FLOATS = 1 << 24;

export interface DenseNeighboursResult {
  csr: Csr;
  /** Rows whose float32 candidates could not prove the exact top-k, so they were scanned in JS. */
  rescannedRows: number;
  backend: string;
}

/**
 * Each item's k nearest items by exact cosine, with the dense work on TensorFlow.js: blocks of rows
 * times the transposed table (one matMul), then topk of each row for k + 1 + MARGIN candidates.
 *
 * The candidates are re-scored exactly (`pairScore`) and ranked like the all-pairs scan. A float32 dot
 * product of unit vectors is within gamma of the exact one, so when the k-th exact score beats the
 * last candidate's float32 score by more than gamma, no other item can enter the row: the result then
 * equals `cosineNeighbours` bit for bit on any backend. Rows without that proof are scanned in JS.
 */
export async function denseCosineNeighbours(unit: Float32Array, dim: number, k: number, lib: TensorLib, onBlock?: (rowsDone: number, rows: number) => void): Promise<DenseNeighboursResult> {
  const { tf } = lib;
  const rows = new NeighbourRows(unit, dim, k);
  const n = rows.trained.length;
  const members = Int32Array.from(Array.from(rows.trained.keys()).filter((i) => rows.trained[i] === 1));
  const m = members.length;
  // float32 rounding bound of a dot product of unit vectors (n u / (1 - n u) with slack for norms a little over 1)
  const gamma = (4 * dim) / 2 ** 24;
  const width = Math.min(m, k + 1 + MARGIN);
  const packed = new Float32Array(m * dim);
  members.forEach((item, r) => packed.set(unit.subarray(item * dim, (item + 1) * dim), r * dim));
  // the transposed table: on wasm, matMul(q, tT) is several times faster than matMul(q, t, false, true)
  const tableT = tf.tidy(() => tf.tensor2d(packed, [m, dim]).transpose());
  const blockRows = Math.max(1, Math.min(1024, Math.floor(BLOCK_FLOATS / Math.max(1, m))));
  const candidates = new Int32Array(width);
  let rescanned = 0;
  let next = 0; // the next item row to store
  try {
    for (let start = 0; start < m; start += blockRows) {
      const end = Math.min(m, start + blockRows);
      const top = tf.tidy(() => tf.topk(tf.matMul(tf.tensor2d(packed.subarray(start * dim, end * dim), [end - start, dim]), tableT), width));
      const [values, positions] = await Promise.all([top.values.data(), top.indices.data()]);
      tf.dispose([top.values, top.indices]);
      for (let r = start; r < end; r++) {
        const item = members[r];
        while (next < item) rows.empty(next++);
        for (let c = 0; c < width; c++) candidates[c] = members[positions[(r - start) * width + c]];
        const kth = rows.select(item, candidates);
        const outside = values[(r - start) * width + width - 1] + gamma; // bound on any other item's exact score
        if (width === m || (kth > 0 ? kth > outside : outside <= 0)) rows.commit(item);
        else {
          rows.scan(item);
          rescanned++;
        }
        next = item + 1;
      }
      onBlock?.(end, m);
    }
  } finally {
    tableT.dispose();
  }
  while (next < n) rows.empty(next++);
  return { csr: rows.csr(), rescannedRows: rescanned, backend: lib.backend };
}
