import { closeSync, existsSync, fstatSync, openSync, readSync, statSync, writeSync } from "node:fs";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { lineRanges, type LineRange } from "../io/line-ranges.js";
import { StagedFile } from "../io/staged-file.js";
import { asWriteError, writingTo } from "../io/write-error.js";
import { sibling, workerUrl } from "../worker-url.js";
import { InputError } from "../errors.js";
import { loadModel } from "../serving/serving-model.js";
import { recommendRange, type RangeCounts, type RangeTask } from "./recommend-range.js";

/** `cartlift recommend --item`: the items most similar to one item. */
export function recommendSimilar(modelPath: string, item: string, k: number) {
  const model = loadModel(modelPath);
  const r = model.similarItems(item, k);
  return { model: modelPath, item, known: model.knows(item), ...r };
}

export interface BatchReport {
  model: string;
  queries: number;
  out: string;
  /** History events whose item the model does not know, summed over queries. */
  unknownItems: number;
  /** Queries none of whose items the model knows (they get the fallback list). */
  coldQueries: number;
  threads: number;
  /** End to end: from the call to the renamed output, start-up and model loading included. */
  seconds: number;
  queriesPerSecond: number;
  /** The slowest thread's model load, and the steady state: queries over the slowest thread's answering time. */
  modelLoadSeconds: number;
  steadyQueriesPerSecond: number;
}

export interface BatchOptions {
  k: number;
  excludeHistory: boolean;
  /** Worker threads (default: the cores, at most 4); the output is the same for any. */
  threads?: number;
  /** Files smaller than this are answered on the calling thread (default 4 MiB). */
  parallelMinBytes?: number;
  onProgress?: (done: number) => void;
}

/** Below this size a batch runs on the calling thread: starting workers and loading the model in each costs more. */
const PARALLEL_MIN_BYTES = 4 << 20;

/**
 * `cartlift recommend --queries q.jsonl --out recs.jsonl`: one output line `{"id", "items", "scores"}`
 * per query line `{"id", "history": [{"item", "event"?, "ts"?}], "k"?, "exclude"?}`, in input order.
 * Large files are cut into line ranges: this thread answers the first, worker threads the others
 * (each loads the model from one shared copy of its bytes), and the parts are joined in order. A bad
 * line stops the run with its file and line (the first in the file). The output appears only when
 * complete: the answers and parts are written beside it (`<out>.tmp-<pid>`, `.part<n>`), flushed and
 * renamed once, so an error or an interrupt leaves the previous file byte-identical.
 */
export async function recommendBatch(
  modelPath: string,
  queries: string,
  out: string,
  o: BatchOptions,
): Promise<BatchReport> {
  const started = performance.now();
  if (!existsSync(queries)) throw new InputError("file_not_found", `${queries}: no such file`, { file: queries });
  if (!statSync(queries).isFile())
    throw new InputError("not_a_file", `${queries}: not a file`, {
      file: queries,
      hint: "--queries takes a JSON-lines file",
    });
  // as for a model file, a missing output folder is created; a folder given as --out is refused
  const staged = await writingTo(out, "the recommendations", async () => new StagedFile(out));
  const threads =
    statSync(queries).size < (o.parallelMinBytes ?? PARALLEL_MIN_BYTES)
      ? 1
      : Math.max(1, o.threads ?? Math.min(4, availableParallelism()));
  // workers start first: their start-up overlaps the cutting of the file and the model read
  const workers = Array.from({ length: threads - 1 }, () => new RangeWorker());
  const tmp = staged.tmp;
  let parts: string[] = [];
  let ranges: LineRange[];
  let counts: RangeCounts[];
  try {
    ranges = threads > 1 ? lineRanges(queries, threads) : [{ start: 0, end: Infinity, firstLine: 1 }];
    // this thread answers the first range straight into the output; workers answer the others into
    // part files, appended after it (one copy of the later parts, none of the first). A file with fewer
    // lines than threads has fewer ranges: spare workers get no task.
    parts = ranges.slice(1).map((_, i) => staged.part(i + 1));
    const sharedModel = ranges.length > 1 ? sharedFile(modelPath) : undefined;
    const busy = ranges.slice(1).map((range, i) =>
      workers[i].answer({
        model: modelPath,
        modelBytes: sharedModel,
        queries,
        range,
        out: parts[i],
        k: o.k,
        excludeHistory: o.excludeHistory,
      }),
    );
    const own = recommendRange(
      {
        model: modelPath,
        modelBytes: sharedModel,
        queries,
        range: ranges[0],
        out: tmp,
        k: o.k,
        excludeHistory: o.excludeHistory,
      },
      o.onProgress,
    );
    // every range runs to its end or its first bad line; the earliest range's error is the file's first bad line
    const settled = await Promise.allSettled([own, ...busy]);
    const failed = settled.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    counts = settled.map((r) => (r as PromiseFulfilledResult<RangeCounts>).value);
    appendFiles(parts, tmp);
    await staged.commit();
  } catch (e) {
    throw asWriteError(e, out, "the recommendations");
  } finally {
    for (const w of workers) await w.worker.terminate();
    staged.abort(); // after the commit: only the parts are left to remove
  }
  const total = counts.reduce(
    (a, c) => ({
      queries: a.queries + c.queries,
      unknownItems: a.unknownItems + c.unknownItems,
      cold: a.cold + c.cold,
    }),
    { queries: 0, unknownItems: 0, cold: 0 },
  );
  const seconds = (performance.now() - started) / 1000;
  const answering = Math.max(...counts.map((c) => c.answerMs)) / 1000;
  return {
    model: modelPath,
    queries: total.queries,
    out,
    unknownItems: total.unknownItems,
    coldQueries: total.cold,
    threads: ranges.length,
    seconds: Math.round(seconds * 1000) / 1000,
    queriesPerSecond: Math.round(total.queries / seconds),
    modelLoadSeconds: Math.round(Math.max(...counts.map((c) => c.loadMs))) / 1000,
    steadyQueriesPerSecond: answering > 0 ? Math.round(total.queries / answering) : 0,
  };
}

/** A worker thread, started before its task is known, that answers one range once given it. */
class RangeWorker {
  // a larger young generation: answering allocates many short-lived objects (fewer scavenges, ~6% faster)
  readonly worker = new Worker(WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: 96 } });
  private failure: Error | undefined;

  constructor() {
    this.worker.on("error", (e) => (this.failure ??= e));
  }

  /** Its counts, or its error. */
  answer(task: RangeTask): Promise<RangeCounts> {
    const done = new Promise<RangeCounts>((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.worker.once(
        "message",
        (m: { counts?: RangeCounts; error?: { code: string; message: string; hint?: string } }) => {
          if (m.counts) resolve(m.counts);
          else if (m.error!.code === "internal") reject(new Error(m.error!.message));
          else reject(new InputError(m.error!.code, m.error!.message, { file: task.queries, hint: m.error!.hint }));
        },
      );
      this.worker.once("error", reject);
    });
    this.worker.postMessage(task);
    return done;
  }
}

/** A file's bytes on a SharedArrayBuffer (readable from every worker without a copy), read straight into it. */
function sharedFile(path: string): Uint8Array {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const shared = new Uint8Array(new SharedArrayBuffer(fstatSync(fd).size));
    for (let at = 0; at < shared.length;) {
      const n = readSync(fd, shared, at, shared.length - at, at);
      if (n === 0) throw new Error("the file shrank while being read");
      at += n;
    }
    return shared;
  } catch (e) {
    throw new InputError("model_not_found", `${path}: cannot read the model (${(e as Error).message})`, { file: path });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Appends the files to `out`, in order, through one large buffer (a stream's small chunks cost more). */
function appendFiles(parts: string[], out: string): void {
  if (parts.length === 0) return;
  const target = openSync(out, "a");
  const buffer = Buffer.allocUnsafe(8 << 20);
  try {
    for (const p of parts) {
      const source = openSync(p, "r");
      try {
        for (
          let n = readSync(source, buffer, 0, buffer.length, null);
          n > 0;
          n = readSync(source, buffer, 0, buffer.length, null)
        )
          writeSync(target, buffer, 0, n);
      } finally {
        closeSync(source);
      }
    }
  } finally {
    closeSync(target);
  }
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "recommend-worker"));
