import { createReadStream, createWriteStream, existsSync, readFileSync, statSync } from "node:fs";
import { once } from "node:events";
import { rename, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { pipeline } from "node:stream/promises";
import { Worker } from "node:worker_threads";
import { lineRanges, type LineRange } from "../io/line-ranges.js";
import { sibling, workerUrl } from "../worker-url.js";
import { EVENT_KINDS } from "../data/event-kind.js";
import { InputError } from "../errors.js";
import { jsonLineBatches } from "../io/json-lines.js";
import { readDataset } from "../io/read-dataset.js";
import { loadModel, loadModelFromBytes, type ServingHistoryEvent, type ServingModel } from "../serving/serving-model.js";

/** `cartlift recommend --item`: the items most similar to one item. */
export function recommendSimilar(modelPath: string, item: string, k: number) {
  const model = loadModel(modelPath);
  const r = model.similarItems(item, k);
  return { model: modelPath, item, known: model.knows(item), ...r };
}

/** `cartlift recommend --data --user`: what this user would see now, from their last events in the dataset. */
export function recommendForUser(modelPath: string, data: string, user: string, o: { k: number; now?: number; maxHistory: number; excludeHistory: boolean }) {
  const model = loadModel(modelPath);
  const { table: t } = readDataset(data);
  const code = t.dicts.user.lookup(user);
  if (code < 0) throw new InputError("unknown_user", `${data}: no user "${user}"`, { file: data, hint: "ids are compared as text, as ingested" });
  const history: ServingHistoryEvent[] = [];
  // the table is sorted by user, then time: the user's events are one run
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.user[mid] < code) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < t.length && t.user[i] === code; i++) {
    if (o.now !== undefined && !(t.ts[i] < o.now)) break;
    history.push({ item: t.dicts.item.get(t.item[i]), event: EVENT_KINDS[t.kind[i]], ts: t.ts[i] });
  }
  const recent = history.slice(-o.maxHistory);
  const r = model.recommend({ history: recent, k: o.k, now: o.now, exclude: o.excludeHistory ? recent.map((e) => e.item) : undefined });
  return { model: modelPath, user, historyEvents: recent.length, ...r };
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
  seconds: number;
  queriesPerSecond: number;
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
 * Large files are cut into line ranges answered on worker threads (each loads the model), and the
 * parts are joined in order. A bad line stops the run with its file and line; the output appears only
 * when complete.
 */
export async function recommendBatch(modelPath: string, queries: string, out: string, o: BatchOptions): Promise<BatchReport> {
  const started = performance.now();
  if (!existsSync(queries)) throw new InputError("file_not_found", `${queries}: no such file`, { file: queries });
  const threads = statSync(queries).size < (o.parallelMinBytes ?? PARALLEL_MIN_BYTES) ? 1 : Math.max(1, o.threads ?? Math.min(4, availableParallelism()));
  const ranges = threads > 1 ? lineRanges(queries, threads) : [{ start: 0, end: Infinity, firstLine: 1 }];
  const parts = ranges.map((_, i) => `${out}.part${i}`);
  let sharedModel: Uint8Array | undefined;
  let counts: RangeCounts[];
  try {
    counts =
      ranges.length === 1
        ? [await recommendRange({ model: modelPath, queries, range: ranges[0], out: parts[0], k: o.k, excludeHistory: o.excludeHistory }, o.onProgress)]
        : await Promise.all(ranges.map((range, i) => runWorker({ model: modelPath, modelBytes: sharedModel ??= sharedFile(modelPath), queries, range, out: parts[i], k: o.k, excludeHistory: o.excludeHistory })));
    await concatenate(parts, `${out}.tmp`);
    await rename(`${out}.tmp`, out);
  } finally {
    for (const p of parts) await rm(p, { force: true });
    await rm(`${out}.tmp`, { force: true });
  }
  const total = counts.reduce((a, c) => ({ queries: a.queries + c.queries, unknownItems: a.unknownItems + c.unknownItems, cold: a.cold + c.cold }), { queries: 0, unknownItems: 0, cold: 0 });
  const seconds = (performance.now() - started) / 1000;
  return { model: modelPath, queries: total.queries, out, unknownItems: total.unknownItems, coldQueries: total.cold, threads: ranges.length, seconds: Math.round(seconds * 1000) / 1000, queriesPerSecond: Math.round(total.queries / seconds) };
}

export interface RangeTask {
  model: string;
  /** The model file's bytes on shared memory: every worker reads one copy (and one copy sits in the caches). */
  modelBytes?: Uint8Array;
  queries: string;
  range: LineRange;
  out: string;
  k: number;
  excludeHistory: boolean;
}

export interface RangeCounts {
  queries: number;
  unknownItems: number;
  cold: number;
}

/** Answers the queries of one line range into `out`. */
export async function recommendRange(t: RangeTask, onProgress?: (done: number) => void): Promise<RangeCounts> {
  const model = t.modelBytes ? loadModelFromBytes(t.modelBytes, t.model) : loadModel(t.model);
  const stream = createWriteStream(t.out);
  const counts = { queries: 0, unknownItems: 0, cold: 0 };
  let chunk = "";
  try {
    for await (const batch of jsonLineBatches(t.queries, t.range)) {
      for (const { line, value } of batch) {
        const r = answer(model, value, t, t.queries, line);
        counts.unknownItems += r.unknownItems;
        if (r.cold) counts.cold++;
        chunk += `{"id":${JSON.stringify(value.id)},"items":${JSON.stringify(r.items)},"scores":${JSON.stringify(r.scores)}}\n`;
        if ((++counts.queries & 8191) === 0) onProgress?.(counts.queries);
      }
      if (!stream.write(chunk)) await once(stream, "drain");
      chunk = "";
    }
    stream.end(chunk);
    await once(stream, "finish");
  } catch (e) {
    stream.destroy();
    throw e;
  }
  return counts;
}

function runWorker(task: RangeTask): Promise<RangeCounts> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: task });
    worker.once("message", (m: { counts?: RangeCounts; error?: { code: string; message: string; hint?: string } }) => {
      void worker.terminate();
      if (m.counts) resolve(m.counts);
      else if (m.error!.code === "internal") reject(new Error(m.error!.message));
      else reject(new InputError(m.error!.code, m.error!.message, { file: task.queries, hint: m.error!.hint }));
    });
    worker.once("error", reject);
  });
}

/** A file's bytes on a SharedArrayBuffer (readable from every worker without a copy). */
function sharedFile(path: string): Uint8Array {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new InputError("model_not_found", `${path}: cannot read the model (${(e as Error).message})`, { file: path });
  }
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
  shared.set(bytes);
  return shared;
}

async function concatenate(parts: string[], out: string): Promise<void> {
  const target = createWriteStream(out);
  for (const p of parts) await pipeline(createReadStream(p), target, { end: false });
  target.end();
  await once(target, "finish");
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "recommend-worker"));

function answer(model: ServingModel, q: Record<string, unknown>, o: { k: number; excludeHistory: boolean }, file: string, line: number) {
  const bad = (what: string) => new InputError("bad_query", `${file}:${line}: ${what}`, { file, hint: 'each line: {"id": ..., "history": [{"item": "...", "event": "view", "ts": 1690000000000}]}' });
  if (q.id === undefined) throw bad('no "id"');
  if (!Array.isArray(q.history)) throw bad('"history" must be a list');
  const history = q.history.map((e: unknown, x: number) => {
    if (typeof e !== "object" || e === null || (e as { item?: unknown }).item === undefined) throw bad(`history[${x}] has no "item"`);
    const { item, event, ts } = e as { item: unknown; event?: unknown; ts?: unknown };
    if (ts !== undefined && typeof ts !== "number") throw bad(`history[${x}].ts must be epoch milliseconds`);
    if (event !== undefined && !(EVENT_KINDS as readonly string[]).includes(String(event))) throw bad(`history[${x}].event "${String(event)}" is not one of ${EVENT_KINDS.join(", ")}`);
    return { item: String(item), event: event === undefined ? undefined : String(event), ts: ts as number | undefined };
  });
  const k = q.k === undefined ? o.k : Number(q.k);
  if (!(Number.isInteger(k) && k >= 1)) throw bad(`"k" must be a whole number of at least 1`);
  const exclude = [...(Array.isArray(q.exclude) ? q.exclude.map(String) : []), ...(o.excludeHistory ? history.map((e) => e.item) : [])];
  const r = model.recommend({ history, k, exclude });
  return { ...r, cold: history.length > 0 && r.unknownItems === history.length };
}
