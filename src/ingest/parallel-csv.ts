import { open } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import { InputError } from "../errors.js";
import { MisalignedRange } from "../io/read-csv.js";
import type { RecordSource } from "../io/raw-batch.js";
import {
  JsonLinesSink,
  normaliseRange,
  type PartResult,
  type PartTask,
  type RangeCounts,
  type RangeSinks,
} from "./parse-part.js";
import { sibling, workerUrl } from "../worker-url.js";

export type PartTemplate = Omit<PartTask, "start" | "end" | "last" | "rejectsPath" | "file" | "columns" | "delimiter">;

export interface PartsRead {
  /** The first range, normalised straight into the caller's sinks. */
  first: RangeCounts;
  /** The other ranges, in file order, to merge with mergePart. */
  rest: PartResult[];
  /** Rejected rows of every range (JSON lines, range-relative lines except the first's), in order. */
  rejectsPaths: string[];
}

/**
 * Parses a large plain CSV file in `parts` byte ranges at once: the first in this thread, straight
 * into `first` (the ingest's own columns and dictionaries: no merge needed), the others in worker
 * threads. Returns null when a cut fell inside a quoted field spanning lines; `first` then holds a
 * partial range that the caller must roll back before reading the file in one piece.
 */
export async function parseCsvInParts(
  source: RecordSource,
  template: PartTemplate,
  parts: number,
  rejectsPrefix: string,
  first: Omit<RangeSinks, "rejects">,
  onProgress: (bytes: number, rows: number) => void,
): Promise<PartsRead | null> {
  const split = source.split!;
  const ranges = await planRanges(source.file, split.bodyStart, source.totalBytes, parts);
  const progress = ranges.map(() => ({ bytes: 0, rows: 0 }));
  const report = (k: number, bytes: number, rows: number) => {
    progress[k] = { bytes, rows };
    onProgress(
      progress.reduce((a, p) => a + p.bytes, 0),
      progress.reduce((a, p) => a + p.rows, 0),
    );
  };
  const tasks: PartTask[] = ranges.map(([start, end], k) => ({
    ...template,
    file: source.file,
    columns: source.columns,
    delimiter: split.delimiter,
    start,
    end,
    last: k === ranges.length - 1,
    rejectsPath: `${rejectsPrefix}.part${k}`,
  }));
  const workers: Worker[] = [];
  const firstRejects = new JsonLinesSink(tasks[0].rejectsPath);
  const running = [
    normaliseRange(tasks[0], { ...first, rejects: firstRejects }, split.firstLine, (b, r) => report(0, b, r)).finally(
      () => firstRejects.close(),
    ),
    ...tasks.slice(1).map((t, k) => inWorker(t, workers, (b, r) => report(k + 1, b, r))),
  ];
  // wait for every range to settle: the first one writes into the caller's columns, which must be
  // quiet before a rollback
  const settled = await Promise.allSettled(running);
  const failed = settled.find((x) => x.status === "rejected") as PromiseRejectedResult | undefined;
  if (failed) {
    await Promise.all(workers.map((w) => w.terminate()));
    if (settled.some((x) => x.status === "rejected" && x.reason instanceof MisalignedRange)) return null;
    throw failed.reason;
  }
  const values = settled.map((x) => (x as PromiseFulfilledResult<RangeCounts | PartResult>).value);
  return {
    first: values[0] as RangeCounts,
    rest: values.slice(1) as PartResult[],
    rejectsPaths: tasks.map((t) => t.rejectsPath),
  };
}

/** Cuts [bodyStart, size) into ranges that start right after a newline. */
async function planRanges(file: string, bodyStart: number, size: number, parts: number): Promise<[number, number][]> {
  const cuts = [bodyStart];
  const fh = await open(file, "r");
  try {
    const probe = Buffer.alloc(1 << 20);
    for (let k = 1; k < parts; k++) {
      const target = bodyStart + Math.floor(((size - bodyStart) * k) / parts);
      const { bytesRead } = await fh.read(probe, 0, probe.length, target);
      const nl = probe.subarray(0, bytesRead).indexOf(0x0a);
      const cut = nl < 0 ? size : target + nl + 1;
      if (cut > cuts[cuts.length - 1] && cut < size) cuts.push(cut);
    }
  } finally {
    await fh.close();
  }
  cuts.push(size);
  return cuts.slice(0, -1).map((c, k) => [c, cuts[k + 1]]);
}

function inWorker(
  task: PartTask,
  workers: Worker[],
  onProgress: (bytes: number, rows: number) => void,
): Promise<PartResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_URL, { workerData: task });
    workers.push(worker);
    worker.on("message", (m) => {
      if (m.type === "progress") onProgress(m.bytes, m.rows);
      else if (m.type === "done") resolve(m.result as PartResult);
      else if (m.misaligned) reject(new MisalignedRange(m.message));
      else if (m.code && m.name === "InputError")
        reject(new InputError(m.code, m.message, { file: m.file, hint: m.hint }));
      else reject(Object.assign(new Error(m.message), { stack: m.stack }));
    });
    worker.once("error", reject);
  });
}

const WORKER_URL = workerUrl(sibling(import.meta.url, "part-worker"));
