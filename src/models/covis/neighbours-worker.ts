import { parentPort, workerData } from "node:worker_threads";
import type { Csr } from "../../data/csr.js";
import { neighboursForPass, type NeighbourOptions } from "./covis-neighbours.js";
import type { PairEvents } from "./count-pairs.js";
import type { Timelines } from "./timelines.js";

/** Worker thread: the top-k rows of some anchor passes (columns arrive on SharedArrayBuffers). */
export interface NeighboursTask {
  events: PairEvents;
  timelines: Timelines;
  nItems: number;
  options: NeighbourOptions;
  support: Float64Array;
  passes: number[];
  of: number;
}

const task = workerData as NeighboursTask;
const parts: Csr[] = task.passes.map((pass) => neighboursForPass(task.events, task.timelines, task.nItems, task.options, task.support, pass, task.of));
parentPort!.postMessage(
  parts,
  parts.flatMap((m) => [m.indptr.buffer, m.indices.buffer, m.data.buffer] as ArrayBuffer[]),
);
