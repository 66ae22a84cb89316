import { Worker } from "node:worker_threads";
import { sibling, workerUrl } from "../worker-url.js";
import { blockTopK } from "./block-top-k.js";
import type { TensorBackendChoice, TensorLib } from "./tensor-backend.js";

/** Below this many rows the search stays on one thread: a worker's TensorFlow.js start-up (~0.5 s) costs more. */
export const PARALLEL_MIN_ROWS = 16_384;

/** Each row's `width` best rows of the table (itself included), best first: `values`/`positions[row * width + x]`. */
export interface Candidates {
  values: Float32Array;
  positions: Int32Array;
}

/** The part of a candidate search one thread does: rows [start, end) of `table` against all of it. */
export interface CandidateTask {
  table: Float32Array;
  dim: number;
  start: number;
  end: number;
  width: number;
  values: Float32Array;
  positions: Int32Array;
}

/** Fills the candidates of rows [start, end) in place; `onRows` gets the rows done so far. */
export async function fillCandidates(lib: TensorLib, t: CandidateTask, onRows?: (done: number) => void): Promise<void> {
  const queries = (a: number, b: number) => t.table.subarray((t.start + a) * t.dim, (t.start + b) * t.dim);
  for await (const block of blockTopK(lib, t.table, t.dim, t.end - t.start, t.width, queries)) {
    t.values.set(block.values, (t.start + block.start) * t.width);
    t.positions.set(block.positions, (t.start + block.start) * t.width);
    onRows?.(block.end);
  }
}

/**
 * Every row's candidates, the rows split across `threads` threads: this one and workers, each with its
 * own TensorFlow.js backend of the same kind (the wasm backend runs on one thread). The table and the
 * results sit on shared memory. Small tables stay on this thread.
 */
export async function searchCandidates(
  lib: TensorLib,
  table: Float32Array,
  dim: number,
  width: number,
  threads: number,
  onRows?: (done: number, total: number) => void,
  minRows = PARALLEL_MIN_ROWS,
): Promise<Candidates> {
  const rows = table.length / dim;
  const parts = rows >= minRows ? Math.max(1, Math.min(threads, Math.floor(rows / 1024))) : 1;
  const shared = parts > 1;
  const values = shared ? new Float32Array(new SharedArrayBuffer(rows * width * 4)) : new Float32Array(rows * width);
  const positions = shared ? new Int32Array(new SharedArrayBuffer(rows * width * 4)) : new Int32Array(rows * width);
  let onShared = table;
  if (shared && !(table.buffer instanceof SharedArrayBuffer)) {
    onShared = new Float32Array(new SharedArrayBuffer(table.byteLength));
    onShared.set(table);
  }
  const bound = (p: number) => Math.round((rows * p) / parts);
  const task = (p: number): CandidateTask => ({
    table: onShared,
    dim,
    start: bound(p),
    end: bound(p + 1),
    width,
    values,
    positions,
  });
  const workers = Array.from({ length: parts - 1 }, (_, p) => runWorker(task(p + 1), backendChoice(lib.backend)));
  try {
    // this thread's part reports progress for all: the parts run at about the same speed
    await fillCandidates(lib, task(0), (done) => onRows?.(Math.min(rows, done * parts), rows));
    await Promise.all(workers.map((w) => w.done));
  } finally {
    for (const w of workers) await w.worker.terminate();
  }
  onRows?.(rows, rows);
  return { values, positions };
}

function backendChoice(backend: string): TensorBackendChoice {
  return backend === "tensorflow" ? "node" : backend === "cpu" ? "cpu" : "wasm";
}

function runWorker(task: CandidateTask, backend: TensorBackendChoice): { worker: Worker; done: Promise<void> } {
  const worker = new Worker(WORKER_URL, { workerData: { task, backend } });
  const done = new Promise<void>((resolve, reject) => {
    worker.once("message", (m: { error?: string }) =>
      m.error ? reject(new Error(`neighbour search worker: ${m.error}`)) : resolve(),
    );
    worker.once("error", reject);
  });
  return { worker, done };
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "candidates-worker"));
