import { Worker } from "node:worker_threads";
import { InputError } from "../../errors.js";
import { trackTemp } from "../../io/temp-files.js";
import { removeIfExists } from "../../io/write-dataset.js";
import { mergePart, replayRejects } from "../merge-part.js";
import type { IngestCounters } from "../ingest-counters.js";
import type { ReadStep, SourceCounts } from "../read-source.js";
import { sibling, workerUrl } from "../../worker-url.js";
import { sizeForRecords } from "./size-for-records.js";
import { ExploderBase } from "./exploder-base.js";
import { normaliseNestedPart, type NestedPartResult, type NestedPartTask } from "./nested-part.js";

/** Below this a nested Parquet export is read in one piece (a part's worker costs ~0.2 s to start). */
export const NESTED_PARALLEL_MIN_BYTES = 8 << 20;

/**
 * Parts of a nested Parquet export when --threads is not given. One part keeps about two cores busy (the decoding
 * worker flattens, the reading thread checks and encodes): on 2 cores one part reads faster than two and with less
 * memory (docs/sources.md), so a part per two cores, at most 4.
 */
export function defaultNestedParts(cores: number): number {
  return Math.max(1, Math.min(4, Math.floor(cores / 2)));
}

/**
 * A nested Parquet export (GA4) read in parts of consecutive row groups on several threads: the first part on this
 * thread, straight into the ingest's columns and dictionaries, the others in worker threads (each decoding, exploding
 * and normalising its own row groups), merged in file order. Dictionary codes, line numbers, counts and quarantine
 * rows come out as from reading the file in one piece. The intraday-duplicate check spans the parts: each part reports
 * the keys it kept, and a part holding keys of an earlier part is read again with those records left out (rare: the
 * output stays the same whichever way the file is cut). Null when the file has fewer than two row groups.
 */
export async function readNestedInParts(
  step: ReadStep,
  threads: number,
  tmpPrefix: string,
): Promise<(SourceCounts & { parts: number }) | null> {
  const { source, opts, counters, cols, dicts } = step;
  const split = source.rowGroups;
  const exploder = split?.exploder;
  if (!split || !(exploder instanceof ExploderBase)) return null;
  const plan = planParts(split.rows, threads);
  if (plan.length < 2) return null;
  await source.close?.(); // the one-piece reader's decoding worker is not needed
  const { nested: _, ...spec } = step.spec;
  const tasks: NestedPartTask[] = plan.map((p, k) => ({
    ...p,
    file: source.file,
    preset: exploder.preset,
    columns: source.columns,
    spec,
    fields: step.fields,
    eventOverrides: opts.events ?? {},
    tz: opts.tz,
    rejectsPath: `${tmpPrefix}.part${k}`,
    repeats: [],
  }));
  for (const t of tasks) trackTemp(t.rejectsPath); // removed on an interrupt
  const before = counters.read;
  const totalRecords = split.rows.reduce((a, b) => a + b, 0);
  const done = tasks.map(() => ({ records: 0, rows: 0 }));
  const progress = (k: number, records: number, rows: number) => {
    done[k] = { records, rows };
    const sum = (f: "records" | "rows") => done.reduce((a, d) => a + d[f], 0);
    step.progress(Math.round((sum("records") / Math.max(1, totalRecords)) * source.totalBytes), before + sum("rows"));
  };
  // this thread's dictionaries take the whole file's ids (it merges the other parts): sized once, as a part's are
  sizeForRecords(dicts, exploder, totalRecords);
  const workers: Worker[] = [];
  const running = [
    normaliseNestedPart(
      tasks[0],
      exploder,
      { dicts, out: cols, counters, rejects: step.rejects, sourceIndex: step.sourceIndex },
      (records, rows) => progress(0, records, rows),
      totalRecords,
    ),
    ...tasks.slice(1).map((t, k) => inWorker(t, workers, (records, rows) => progress(k + 1, records, rows))),
  ];
  const settled = await Promise.allSettled(running);
  const failed = settled.find((x) => x.status === "rejected") as PromiseRejectedResult | undefined;
  if (failed) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw failed.reason;
  }
  const first = (settled[0] as PromiseFulfilledResult<Awaited<(typeof running)[0]>>).value;
  const count = { ...first, parts: tasks.length };
  for (let k = 1; k < tasks.length; k++) {
    let r = (settled[k] as PromiseFulfilledResult<NestedPartResult>).value;
    const repeats = exploder.repeatsOf(r.keys);
    if (repeats.length > 0) {
      // records of this part repeat keys of an earlier one: read it again, leaving those out
      removeIfExists(tasks[k].rejectsPath);
      r = await inWorker({ ...tasks[k], repeats }, workers, () => {});
    }
    mergePart(r, dicts, cols, step.sourceIndex, 0, counters);
    mergeNestedCounts(r, counters);
    exploder.addCounts(r.exploderCounts);
    await replayRejects(tasks[k].rejectsPath, 0, (row) => step.rejects.write(row));
    removeIfExists(tasks[k].rejectsPath);
    count.read += r.read;
    count.accepted += r.accepted;
    count.unknownEvent += r.unknownEvent;
    count.leftOut += r.leftOut;
  }
  return count;
}

/**
 * Consecutive row groups in `parts` runs of about equal rows, the first a little smaller (FIRST_SHARE of the others):
 * its thread also merges the other parts once they are read.
 */
export function planParts(groupRows: number[], parts: number): { groups: number[]; firstRow: number; rows: number }[] {
  const total = groupRows.reduce((a, b) => a + b, 0);
  const weight = FIRST_SHARE + parts - 1;
  const out: { groups: number[]; firstRow: number; rows: number }[] = [];
  let row = 0;
  for (let g = 0; g < groupRows.length; g++) {
    const last = out[out.length - 1];
    // a new part starts where the rows so far pass the next part's cut
    if (!last || (out.length < parts && row >= (total * (FIRST_SHARE + out.length - 1)) / weight))
      out.push({ groups: [g], firstRow: row, rows: groupRows[g] });
    else {
      last.groups.push(g);
      last.rows += groupRows[g];
    }
    row += groupRows[g];
  }
  return out;
}

/** The first part's rows, relative to another part's (merging a part costs about a quarter of reading it). */
const FIRST_SHARE = 0.8;

/** A part's counts that mergePart does not know: rows left out, event names read (in first-seen order). */
function mergeNestedCounts(r: NestedPartResult, counters: IngestCounters): void {
  counters.leftOut += r.leftOut;
  for (const [name, e] of r.eventNames) {
    const seen = counters.eventNames.get(name);
    if (seen) seen.rows += e.rows;
    else counters.eventNames.set(name, { ...e });
  }
}

function inWorker(
  task: NestedPartTask,
  workers: Worker[],
  onProgress: (records: number, rows: number) => void,
): Promise<NestedPartResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: task });
    workers.push(worker);
    worker.on("message", (m) => {
      if (m.type === "progress") onProgress(m.records, m.rows);
      else if (m.type === "done") resolve(m.result as NestedPartResult);
      else if (m.code && m.name === "InputError")
        reject(new InputError(m.code, m.message, { file: m.file, hint: m.hint }));
      else reject(Object.assign(new Error(m.message), { stack: m.stack }));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => code !== 0 && reject(new Error(`a Parquet part reader stopped (exit ${code})`)));
  });
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "nested-part-worker"));
