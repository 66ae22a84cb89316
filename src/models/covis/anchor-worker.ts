import { parentPort, workerData } from "node:worker_threads";
import type { AnchorIndex } from "./anchor-index.js";
import { AnchorRowCounter } from "./anchor-rows.js";
import type { NeighbourOptions } from "./covis-neighbours.js";

/** What a counting thread of covisByAnchor is given once (the index and supports on SharedArrayBuffers). */
export interface AnchorWorkerData {
  index: AnchorIndex;
  options: NeighbourOptions;
  support: Float64Array;
  nTimelines: number;
  nItems: number;
}

// then: a range [from, to) per message, answered with its rows; the thread ends when the port closes
const d = workerData as AnchorWorkerData;
const counter = new AnchorRowCounter(d.index, d.options, d.support, d.nTimelines, d.nItems, d.options);
parentPort!.on("message", ([from, to]: [number, number]) => {
  const rows = counter.rows(from, to);
  parentPort!.postMessage(rows, [rows.indptr.buffer, rows.indices.buffer, rows.data.buffer] as ArrayBuffer[]);
});
