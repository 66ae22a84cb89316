import { Worker } from "node:worker_threads";
import type { Csr } from "../../data/csr.js";
import type { Timelines } from "../../data/timelines.js";
import { shared } from "../../data/shared-arrays.js";
import { sibling, workerUrl } from "../../worker-url.js";
import { anchorIndex, workRanges } from "./anchor-index.js";
import { AnchorRowCounter, type RangeRows } from "./anchor-rows.js";
import { handOutRanges } from "./hand-out-ranges.js";
import type { AnchorWorkerData } from "./anchor-worker.js";
import { CHUNK_EVENTS, itemSupport, type PairEvents } from "./count-pairs.js";
import type { NeighbourOptions } from "./covis-neighbours.js";

/**
 * covisNeighbours counted anchor by anchor (anchor-rows.ts) on `threads` worker threads (none when 0): ranges of
 * anchors of about equal work are handed out as threads come free, and the rows put back in anchor order. The same
 * sums in the same order as covisNeighbours with the same chunks, so the same bytes for any number of threads;
 * `passes` is not needed (memory is the index, about 17 bytes an event, plus a few arrays over the items per thread).
 */
export async function covisByAnchor(
  t: PairEvents,
  tl: Timelines,
  nItems: number,
  o: NeighbourOptions,
  threads: number,
  chunkEvents = CHUNK_EVENTS,
): Promise<Csr> {
  const index = anchorIndex(t, tl, nItems, o, chunkEvents);
  const support = shared(itemSupport(t, tl, nItems));
  const nTimelines = tl.offsets.length - 1;
  const ranges = workRanges(index.work, Math.max(1, threads) * RANGES_PER_THREAD);
  let parts: RangeRows[];
  if (threads < 1) {
    const counter = new AnchorRowCounter(index, o, support, nTimelines, nItems, o);
    parts = ranges.map(([from, to]) => counter.rows(from, to));
  } else {
    // Stryker disable all: what the threads are started with; the mutation group leaves threads out (they run
    // unmutated code and cost a start-up per mutant), and its test "on worker threads" checks their rows in npm test
    const data: AnchorWorkerData = { index, options: o, support, nTimelines, nItems };
    parts = await handOutRanges(ranges, threads, () => new Worker(WORKER_URL, { workerData: data }));
    // Stryker restore all
  }
  return joinRanges(parts, nItems);
}

/** Ranges handed out per thread: more evens out threads that a shared machine slows unequally. */
const RANGES_PER_THREAD = 8;

/** Consecutive anchor ranges' rows as one Csr. */
function joinRanges(parts: RangeRows[], nItems: number): Csr {
  const indptr = new Int32Array(nItems + 1);
  let size = 0;
  for (const p of parts) size += p.indices.length;
  const indices = new Int32Array(size);
  const data = new Float64Array(size);
  let at = 0;
  for (const p of parts) {
    for (let r = 0; r < p.to - p.from; r++) indptr[p.from + r + 1] = at + p.indptr[r + 1];
    indices.set(p.indices, at);
    data.set(p.data, at);
    at += p.indices.length;
  }
  return { rows: nItems, indptr, indices, data };
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "anchor-worker"));
