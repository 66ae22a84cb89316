import { Worker } from "node:worker_threads";
import type { Csr } from "../../data/csr.js";
import { sibling, workerUrl } from "../../worker-url.js";
import { autoPasses, covisNeighbours, mergeRowPartitions, type NeighbourOptions } from "./covis-neighbours.js";
import { itemSupport, type PairEvents } from "./count-pairs.js";
import type { NeighboursTask } from "./neighbours-worker.js";
import type { Timelines } from "./timelines.js";

/**
 * covisNeighbours on several threads: the anchors are split into passes (a % passes), and each thread
 * counts, scores and ranks its own passes. Every anchor's pairs are still summed over the timelines in
 * order, so the neighbours are the same bytes as on one thread. The columns are copied once into
 * SharedArrayBuffers that every worker reads.
 */
export async function covisNeighboursParallel(t: PairEvents, tl: Timelines, nItems: number, o: NeighbourOptions, threads: number, minEvents = PARALLEL_MIN_EVENTS): Promise<Csr> {
  if (threads < 2 || tl.events.length < minEvents) return covisNeighbours(t, tl, nItems, o);
  const passes = Math.max(o.passes > 0 ? o.passes : autoPasses(tl, o.maxGap), threads);
  const shared = {
    events: { item: share(t.item), ts: share(t.ts), kind: share(t.kind) },
    timelines: { events: share(tl.events), offsets: share(tl.offsets) },
    support: share(itemSupport(t, tl, nItems)),
  };
  const jobs = Array.from({ length: threads }, (_, w) => Array.from({ length: passes }, (_, p) => p).filter((p) => p % threads === w));
  const results = await Promise.all(jobs.map((mine) => run({ ...shared, nItems, options: o, passes: mine, of: passes })));
  return mergeRowPartitions(results.flat(), nItems);
}

/** Below this many events, starting workers costs more than it saves. */
const PARALLEL_MIN_EVENTS = 1 << 20;

function run(task: NeighboursTask): Promise<Csr[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: task });
    worker.once("message", (parts: Csr[]) => {
      resolve(parts);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

function share<T extends Int32Array | Float64Array | Uint8Array>(a: T): T {
  const C = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new C(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "neighbours-worker"));
