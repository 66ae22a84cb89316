import { parentPort, workerData } from "node:worker_threads";
import { sharedFloat64, sharedInt32 } from "../../data/shared-arrays.js";
import { ChunkCounter, type ArrayAlloc, type ChunkPairs, type PairEvents } from "./count-pairs.js";
import { rankAnchors, type NeighbourOptions } from "./covis-neighbours.js";
import type { Timelines } from "../../data/timelines.js";

/** Worker thread tasks of covisNeighboursParallel (columns and chunks arrive on SharedArrayBuffers). */
export type NeighboursTask =
  /** Count chunks of timelines (each [fromTimeline, toTimeline)) for one anchor pass. */
  | {
      kind: "count";
      events: PairEvents;
      timelines: Timelines;
      nItems: number;
      params: NeighbourOptions;
      pass: number;
      passes: number;
      ranges: [number, number][];
    }
  /** Sum, score and rank anchors [from, to) over all chunks. */
  | {
      kind: "rank";
      chunks: ChunkPairs[];
      support: Float64Array;
      nTimelines: number;
      nItems: number;
      options: NeighbourOptions;
      from: number;
      to: number;
    };

/** Chunk rows go to shared memory: the rank round reads them from other threads without a copy. */
const sharedAlloc: ArrayAlloc = { int32: sharedInt32, float64: sharedFloat64 };

const task = workerData as NeighboursTask;
if (task.kind === "count") {
  const counter = new ChunkCounter(task.events, task.timelines, task.nItems, task.params, task.pass, task.passes);
  parentPort!.postMessage(task.ranges.map(([from, to]) => counter.count(from, to, sharedAlloc)));
} else {
  const m = rankAnchors(task.chunks, task.support, task.nTimelines, task.nItems, task.options, task.from, task.to);
  parentPort!.postMessage(m, [m.indptr.buffer, m.indices.buffer, m.data.buffer] as ArrayBuffer[]);
}
