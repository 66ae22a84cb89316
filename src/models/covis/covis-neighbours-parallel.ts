import { Worker } from "node:worker_threads";
import type { Csr } from "../../data/csr.js";
import { sibling, workerUrl } from "../../worker-url.js";
import { shared } from "../../data/shared-arrays.js";
import { autoPasses, covisNeighboursYielding, mergeRowPartitions, type NeighbourOptions } from "./covis-neighbours.js";
import { CHUNK_EVENTS, chunkBounds, itemSupport, type ChunkPairs, type PairEvents } from "./count-pairs.js";
import type { NeighboursTask } from "./neighbours-worker.js";
import type { Timelines } from "../../data/timelines.js";
import { covisByAnchor } from "./covis-by-anchor.js";

/**
 * covisNeighbours on several threads: from PARALLEL_MIN_EVENTS events on, counted anchor by anchor
 * (covis-by-anchor.ts), the same bytes as on one thread.
 */
export async function covisNeighboursParallel(
  t: PairEvents,
  tl: Timelines,
  nItems: number,
  o: NeighbourOptions,
  threads: number,
  minEvents = PARALLEL_MIN_EVENTS,
  chunkEvents = CHUNK_EVENTS,
): Promise<Csr> {
  if (threads < 2 || tl.events.length < minEvents) return covisNeighboursYielding(t, tl, nItems, o, chunkEvents);
  return covisByAnchor(t, tl, nItems, o, threads, chunkEvents);
}

/**
 * The chunk-by-chunk count on several threads (the former parallel path, kept as a reference): the chunks of timelines
 * are counted on the threads in turn (each writes its rows to SharedArrayBuffers), then each thread sums, scores and
 * ranks a range of anchors over all chunks. Every step is the single-thread one on the same chunks, so the neighbours
 * are the same bytes as on one thread.
 */
export async function covisNeighboursByChunks(
  t: PairEvents,
  tl: Timelines,
  nItems: number,
  o: NeighbourOptions,
  threads: number,
  chunkEvents = CHUNK_EVENTS,
): Promise<Csr> {
  const passes = o.passes > 0 ? o.passes : autoPasses(t, tl, nItems, o.maxGap);
  const events = { item: shared(t.item), ts: shared(t.ts), kind: shared(t.kind) };
  const timelines = { events: shared(tl.events), offsets: shared(tl.offsets) };
  const support = shared(itemSupport(t, tl, nItems));
  const bounds = chunkBounds(tl, chunkEvents);
  const nChunks = bounds.length - 1;
  const parts: Csr[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const counted = await Promise.all(
      Array.from({ length: threads }, (_, w) => {
        const ranges = [];
        for (let c = w; c < nChunks; c += threads) ranges.push([bounds[c], bounds[c + 1]] as [number, number]);
        return run({ kind: "count", events, timelines, nItems, params: o, pass, passes, ranges });
      }),
    );
    // back to chunk order: thread w counted chunks w, w + threads, ...
    const chunks: ChunkPairs[] = new Array(nChunks);
    counted.forEach((mine, w) => (mine as ChunkPairs[]).forEach((chunk, i) => (chunks[w + i * threads] = chunk)));
    const ranges = anchorRanges(chunks, nItems, threads);
    const ranked = await Promise.all(
      ranges.map(([from, to]) =>
        run({ kind: "rank", chunks, support, nTimelines: tl.offsets.length - 1, nItems, options: o, from, to }),
      ),
    );
    parts.push(...(ranked as Csr[]));
  }
  return mergeRowPartitions(parts, nItems);
}

/** Below this many events, starting workers costs more than it saves. */
const PARALLEL_MIN_EVENTS = 1 << 20;

/** Contiguous anchor ranges holding about the same number of chunk entries each. */
function anchorRanges(chunks: ChunkPairs[], nItems: number, threads: number): [number, number][] {
  const entries = new Float64Array(nItems);
  let total = 0;
  for (const c of chunks) {
    for (let r = 0; r < c.anchors.length; r++) entries[c.anchors[r]] += c.starts[r + 1] - c.starts[r];
    total += c.b.length;
  }
  const ranges: [number, number][] = [];
  let from = 0;
  let sum = 0;
  for (let a = 0; a < nItems && ranges.length < threads - 1; a++) {
    sum += entries[a];
    if (sum >= (total * (ranges.length + 1)) / threads) {
      ranges.push([from, a + 1]);
      from = a + 1;
    }
  }
  ranges.push([from, nItems]);
  return ranges;
}

function run(task: NeighboursTask): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: task });
    worker.once("message", (result: unknown) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once("error", reject);
  });
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "neighbours-worker"));
