import { createWriteStream } from "node:fs";
import { once } from "node:events";
import type { LineRange } from "../io/line-ranges.js";
import { EVENT_KINDS } from "../data/event-kind.js";
import { InputError } from "../errors.js";
import { jsonLineBatches } from "../io/json-lines.js";
import { loadModel, loadModelFromBytes, type ServingModel } from "../serving/serving-model.js";

// Batch answering of one line range, on the calling thread or a worker. Kept apart from recommend.ts
// so that a worker loads only what answering needs (not the dataset reader and its Arrow library).

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
