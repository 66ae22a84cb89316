import type { TensorLib } from "./tensor-backend.js";

/** Score block size in floats (64 MiB): query rows per block = this / table rows. */
const BLOCK_FLOATS = 1 << 24;

/** One block of queries [start, end): the `width` best table rows of each query row, best first. */
export interface TopKBlock {
  start: number;
  end: number;
  /** values[r * width + x]: the x-th best float32 dot product of the block's query row r. */
  values: Float32Array;
  positions: Int32Array;
}

/**
 * For `count` queries taken a block at a time (`queriesOf(start, end)` packs the block's query rows,
 * dim floats each; it may leave queries out), the `width` highest dot products with the rows of
 * `table`, through TensorFlow.js: one matMul with the transposed table and one topk per block. The
 * table is transposed once because on the wasm backend matMul(q, tableT) runs several times faster
 * than matMul(q, table, false, true).
 */
export async function* blockTopK(
  lib: TensorLib,
  table: Float32Array,
  dim: number,
  count: number,
  width: number,
  queriesOf: (start: number, end: number) => Float32Array,
): AsyncGenerator<TopKBlock> {
  const { tf } = lib;
  const n = table.length / dim;
  const blockRows = Math.max(1, Math.min(1024, Math.floor(BLOCK_FLOATS / Math.max(1, n))));
  const tableT = tf.tidy(() => tf.tensor2d(table, [n, dim]).transpose());
  try {
    for (let start = 0; start < count; start += blockRows) {
      const end = Math.min(count, start + blockRows);
      const queries = queriesOf(start, end);
      if (queries.length === 0) {
        yield { start, end, values: new Float32Array(0), positions: new Int32Array(0) };
        continue;
      }
      const top = tf.tidy(() => tf.topk(tf.matMul(tf.tensor2d(queries, [queries.length / dim, dim]), tableT), width));
      // awaiting the data lets timers run between blocks (a spinner keeps turning)
      const [values, positions] = await Promise.all([top.values.data(), top.indices.data()]);
      tf.dispose([top.values, top.indices]);
      yield { start, end, values: values as Float32Array, positions: positions as Int32Array };
    }
  } finally {
    tableT.dispose();
  }
}

/**
 * A bound on how far a float32 dot product of a query (of Euclidean norm `norm`) with a unit vector,
 * computed in any order, and its rounding to float32, can be from the exact value: n u / (1 - n u)
 * per term (Higham), with a factor of 4 for slack (vectors whose norm is a little over 1, a backend's
 * own accumulation).
 */
export function float32DotError(dim: number, norm: number): number {
  return ((4 * dim + 4) * norm) / 2 ** 24;
}
