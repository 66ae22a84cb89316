import type { Csr } from "../../data/csr.js";
import type { TensorLib } from "../../tensor/tensor-backend.js";
import { float32DotError } from "../../tensor/block-top-k.js";
import { searchCandidates } from "../../tensor/candidates.js";
import { NeighbourRows } from "./cosine-neighbours.js";

/** Extra candidates per row beyond k (+1 for the item itself), so float32 near-ties rarely force a rescan. */
const MARGIN = 8;

export interface DenseNeighboursResult {
  csr: Csr;
  /** Rows whose float32 candidates could not prove the exact top-k, so they were scanned in JS. */
  rescannedRows: number;
  backend: string;
}

/**
 * Each item's k nearest items by exact cosine, with the dense work on TensorFlow.js: blocks of rows
 * times the transposed table (one matMul), then topk of each row for k + 1 + MARGIN candidates, the
 * rows split across `threads` threads for large tables (searchCandidates).
 *
 * The candidates are re-scored exactly (`pairScore`) and ranked like the all-pairs scan. A float32 dot
 * product of unit vectors is within gamma of the exact one, so when the k-th exact score beats the
 * last candidate's float32 score by more than gamma, no other item can enter the row: the result then
 * equals `cosineNeighbours` bit for bit on any backend. Rows without that proof are scanned in JS.
 */
export async function denseCosineNeighbours(
  unit: Float32Array,
  dim: number,
  k: number,
  lib: TensorLib,
  o: { threads?: number; onRows?: (done: number, total: number) => void; parallelMinRows?: number } = {},
): Promise<DenseNeighboursResult> {
  const rows = new NeighbourRows(unit, dim, k);
  const n = rows.trained.length;
  const members = Int32Array.from(Array.from(rows.trained.keys()).filter((i) => rows.trained[i] === 1));
  const m = members.length;
  const gamma = float32DotError(dim, 1);
  const width = Math.min(m, k + 1 + MARGIN);
  const packed = new Float32Array(m * dim);
  members.forEach((item, r) => packed.set(unit.subarray(item * dim, (item + 1) * dim), r * dim));
  const { values, positions } = await searchCandidates(
    lib,
    packed,
    dim,
    width,
    o.threads ?? 1,
    o.onRows,
    o.parallelMinRows,
  );
  const candidates = new Int32Array(width);
  let rescanned = 0;
  let next = 0; // the next item row to store
  for (let r = 0; r < m; r++) {
    const item = members[r];
    while (next < item) rows.empty(next++);
    const at = r * width;
    for (let c = 0; c < width; c++) candidates[c] = members[positions[at + c]];
    const kth = rows.select(item, candidates);
    const outside = values[at + width - 1] + gamma; // bound on any other item's exact score
    if (width === m || (kth > 0 ? kth > outside : outside <= 0)) rows.commit(item);
    else {
      rows.scan(item);
      rescanned++;
    }
    next = item + 1;
  }
  while (next < n) rows.empty(next++);
  return { csr: rows.csr(), rescannedRows: rescanned, backend: lib.backend };
}
