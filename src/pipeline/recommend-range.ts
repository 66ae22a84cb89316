import { closeSync, existsSync, openSync, readSync } from "node:fs";
import type { LineRange } from "../io/line-ranges.js";
import { InputError } from "../errors.js";
import { BatchQuery, readQueryJson } from "../ingest/batch-query.js";
import { scanQueryLine } from "../ingest/batch-query-scanner.js";
import { RecsWriter } from "../io/recs-writer.js";
import { loadModel, loadModelBytes, type SavedModel } from "../models/model-reader.js";
import type { HistoryEvent } from "../models/recommender.js";
import { fillMissingTimes } from "../serving/serving-model.js";

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
  /** Loading the model, and answering the range once loaded (ms). */
  loadMs: number;
  answerMs: number;
}

const READ_BYTES = 1 << 20;
const decoder = new TextDecoder();

/**
 * Answers the queries of one line range into `out`. Lines are read as bytes: the scanner reads plain
 * lines without decoding them, JSON.parse the others (and words every error); both give the same
 * BatchQuery, answered by the model's own recommend and written as bytes.
 */
export async function recommendRange(t: RangeTask, onProgress?: (done: number) => void): Promise<RangeCounts> {
  const started = performance.now();
  const saved = t.modelBytes ? loadModelBytes(t.modelBytes, t.model) : loadModel(t.model);
  const loaded = performance.now();
  if (!existsSync(t.queries)) throw new InputError("file_not_found", `${t.queries}: no such file`, { file: t.queries });
  const input = openSync(t.queries, "r");
  // created (empty) by the caller: "r+" never creates a file the interrupt clean-up has removed (io/staged-file.ts)
  const output = openSync(t.out, "r+");
  try {
    const writer = new RecsWriter(output, saved.items);
    const counts = { queries: 0, unknownItems: 0, cold: 0, loadMs: loaded - started, answerMs: 0 };
    const q = new BatchQuery();
    forEachLine(input, t.range, (b, start, end, line) => {
      if (!scanQueryLine(b, start, end, saved.items, q)) {
        const text = decoder.decode(b.subarray(start, end));
        // blank lines are skipped; objects start with {
        if (text.charCodeAt(0) !== 123 && !text.trim()) return;
        readQueryJson(text, saved.items, q, t.queries, line);
      }
      const r = answer(saved, q, t);
      counts.unknownItems += r.unknownItems;
      if (q.size > 0 && r.unknownItems === q.size) counts.cold++;
      writer.write(q.id, q.idLength, r.items, r.scores);
      if ((++counts.queries & 8191) === 0) onProgress?.(counts.queries);
    });
    writer.flush();
    counts.answerMs = performance.now() - loaded;
    return counts;
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/** The model's answer to one query: the same call, defaults and exclusions as loadModel(...).recommend. */
function answer({ model }: SavedModel, q: BatchQuery, o: { k: number; excludeHistory: boolean }) {
  const history: HistoryEvent[] = new Array(q.size);
  for (let x = 0; x < q.size; x++) history[x] = { item: q.items[x], kind: q.kinds[x], ts: q.times[x] };
  fillMissingTimes(history, undefined);
  let exclude: Set<number> | undefined;
  if (q.excluded > 0 || (o.excludeHistory && q.size > 0)) {
    exclude = new Set();
    for (let x = 0; x < q.excluded; x++) if (q.exclude[x] >= 0) exclude.add(q.exclude[x]);
    if (o.excludeHistory) for (let x = 0; x < q.size; x++) if (q.items[x] >= 0) exclude.add(q.items[x]);
  }
  return model.recommend(history, { k: q.k || o.k, exclude });
}

/**
 * Calls `each(bytes, start, end, line)` for every line of the range (without its newline, a final
 * "\r" included), with bytes[end] a newline; lines longer than the read buffer grow it.
 */
function forEachLine(
  fd: number,
  range: LineRange,
  each: (b: Uint8Array, start: number, end: number, line: number) => void,
): void {
  let buffer = Buffer.allocUnsafe(READ_BYTES + 1);
  let have = 0;
  let at = range.start;
  let line = range.firstLine;
  for (;;) {
    if (have === buffer.length - 1) {
      const bigger = Buffer.allocUnsafe(2 * buffer.length);
      buffer.copy(bigger, 0, 0, have);
      buffer = bigger;
    }
    const want = Math.min(buffer.length - 1 - have, range.end - at);
    const got = want > 0 ? readSync(fd, buffer, have, want, at) : 0;
    at += got;
    const total = have + got;
    let start = 0;
    for (let nl = buffer.indexOf(10, 0); nl >= 0 && nl < total; nl = buffer.indexOf(10, start)) {
      if (nl > start) each(buffer, start, nl, line);
      line++;
      start = nl + 1;
    }
    if (got === 0) {
      // the last line without a newline: give it one, inside the buffer's spare byte
      if (start < total) {
        buffer[total] = 10;
        each(buffer, start, total, line);
      }
      return;
    }
    buffer.copyWithin(0, start, total);
    have = total - start;
  }
}
