import { closeSync, openSync, writeSync } from "node:fs";
import { Dictionary } from "../data/dictionary.js";
import { EventColumns } from "../data/event-columns.js";
import type { EventColumnArrays, EventDictionaries } from "../data/event-table.js";
import type { EventKindName } from "../data/event-kind.js";
import { openCsvRange } from "../io/read-csv.js";
import type { QuarantineRow } from "../io/quarantine.js";
import { IngestCounters } from "./ingest-counters.js";
import { SourceNormaliser, type NormaliseContext } from "./normalize.js";
import type { SourceSpec } from "./presets.js";
import type { FieldColumns } from "./resolve-fields.js";
import { zoneResolver } from "./time-zone.js";

/** One byte range of a plain CSV file, parsed on its own (in a worker thread, or in-thread). */
export interface PartTask {
  file: string;
  columns: string[];
  delimiter: string;
  start: number;
  end: number;
  last: boolean;
  spec: SourceSpec;
  fields: FieldColumns;
  eventOverrides: Record<string, EventKindName>;
  tz?: string;
  /** Rejected records go here as JSON lines, with line numbers relative to the range. */
  rejectsPath: string;
}

export type DictName = keyof EventDictionaries;
export const DICT_NAMES: DictName[] = ["user", "session", "item", "category", "order"];

export interface PartResult extends EventColumnArrays {
  length: number;
  /** Line of each event, relative to the range. */
  line: Int32Array;
  /** The part's own dictionaries (codes in first-seen order within the part), as Utf8 layouts. */
  dicts: Record<DictName, { bytes: Uint8Array; offsets: Int32Array }>;
  read: number;
  accepted: number;
  rejected: number;
  unknownEvent: number;
  byReason: [string, number][];
  byKind: number[];
  unknownEvents: [string, number][];
  /** Physical lines in the range: where the next range's line numbers start. */
  lines: number;
}

/** Where a range's events, ids, counts and rejected rows go. */
export interface RangeSinks {
  dicts: EventDictionaries;
  out: EventColumns;
  counters: IngestCounters;
  rejects: { write(row: QuarantineRow): void };
  sourceIndex: number;
}

export interface RangeCounts {
  read: number;
  accepted: number;
  unknownEvent: number;
  /** Physical lines in the range. */
  lines: number;
}

/** What a part's normaliser reads from its task and writes to its sinks (CSV ranges and nested Parquet parts alike). */
export function partContext(
  task: Pick<PartTask, "file" | "columns" | "fields" | "eventOverrides" | "tz"> & { spec: Omit<SourceSpec, "nested"> },
  sinks: RangeSinks,
): NormaliseContext {
  return {
    file: task.file,
    sourceIndex: sinks.sourceIndex,
    columns: task.columns,
    fields: task.fields,
    spec: task.spec,
    eventOverrides: task.eventOverrides,
    dicts: sinks.dicts,
    out: sinks.out,
    rejects: sinks.rejects,
    counters: sinks.counters,
    strict: false,
    local: zoneResolver(task.tz ?? task.spec.tz),
    dateOrder: task.spec.dateOrder,
  };
}
/**
 * Normalises one range into the given sinks, numbering lines from `firstLine`. The first range of a
 * file runs this way in the main thread, straight into the ingest's own columns and dictionaries.
 */
export async function normaliseRange(
  task: Omit<PartTask, "rejectsPath">,
  sinks: RangeSinks,
  firstLine: number,
  onProgress?: (bytes: number, rows: number) => void,
): Promise<RangeCounts> {
  const { out } = sinks;
  const source = openCsvRange(task.file, task.columns, task.delimiter, task.start, task.end, task.last, firstLine);
  const normaliser = new SourceNormaliser(partContext(task, sinks));
  const startLength = out.length;
  let sized = false;
  for await (const batch of source.batches()) {
    normaliser.process(batch);
    if (!sized && source.bytesRead() > 0) {
      out.ensureCapacity(
        startLength + Math.ceil((normaliser.counters.read / source.bytesRead()) * source.totalBytes * 1.05),
      );
      sized = true;
    }
    onProgress?.(source.bytesRead(), normaliser.counters.read);
  }
  return {
    read: normaliser.counters.read,
    accepted: normaliser.counters.accepted,
    unknownEvent: normaliser.counters.unknownEvent,
    lines: source.linesConsumed(),
  };
}

/** Parses one range with fresh dictionaries (in a worker); the caller merges parts in order (see mergePart). */
export async function parsePart(
  task: PartTask,
  onProgress?: (bytes: number, rows: number) => void,
): Promise<PartResult> {
  const dicts: EventDictionaries = {
    user: new Dictionary(1 << 14),
    session: new Dictionary(1 << 14),
    item: new Dictionary(1 << 14),
    category: new Dictionary(),
    order: new Dictionary(),
  };
  const out = new EventColumns();
  const counters = new IngestCounters();
  const rejects = new JsonLinesSink(task.rejectsPath);
  let range: RangeCounts;
  try {
    range = await normaliseRange(task, { dicts, out, counters, rejects, sourceIndex: 0 }, 1, onProgress);
  } finally {
    rejects.close();
  }
  return packPart(out, dicts, counters, range.unknownEvent, range.lines);
}

/**
 * A part's columns, dictionaries and counts, ready to post to the merging thread. The arrays are views of the part's
 * own memory (its first `length` rows, its dictionaries' keys), not copies: the worker transfers their buffers and
 * drops the part, so copying them (~70 MB for 1.5M rows) only cost time and a second peak.
 */
export function packPart(
  out: EventColumns,
  dicts: EventDictionaries,
  counters: IngestCounters,
  unknownEvent: number,
  lines: number,
): PartResult {
  const n = out.length;
  const utf8 = (d: Dictionary) => d.utf8();
  return {
    length: n,
    ts: out.ts.subarray(0, n),
    user: out.user.subarray(0, n),
    session: out.session.subarray(0, n),
    item: out.item.subarray(0, n),
    kind: out.kind.subarray(0, n),
    price: out.price.subarray(0, n),
    quantity: out.quantity.subarray(0, n),
    category: out.category.subarray(0, n),
    order: out.order.subarray(0, n),
    line: out.line.subarray(0, n),
    dicts: {
      user: utf8(dicts.user),
      session: utf8(dicts.session),
      item: utf8(dicts.item),
      category: utf8(dicts.category),
      order: utf8(dicts.order),
    },
    read: counters.read,
    accepted: counters.accepted,
    rejected: counters.rejected,
    unknownEvent,
    byReason: [...counters.byReason],
    byKind: Array.from(counters.byKind),
    unknownEvents: [...counters.unknownEvents],
    lines,
  };
}

/** The buffers a PartResult can hand to another thread without copying. */
export function transferables(r: PartResult): ArrayBuffer[] {
  const arrays = [
    r.ts,
    r.user,
    r.session,
    r.item,
    r.kind,
    r.price,
    r.quantity,
    r.category,
    r.order,
    r.line,
    ...DICT_NAMES.flatMap((d) => [r.dicts[d].bytes, r.dicts[d].offsets]),
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}

/** Rejected rows of a part, as JSON lines (merged into quarantine.csv in part order by the caller). */
export class JsonLinesSink {
  private fd: number | null = null;
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly path: string) {}
  write(row: QuarantineRow): void {
    if (this.fd === null) this.fd = openSync(this.path, "w");
    const line = JSON.stringify(row) + "\n";
    this.buffer.push(line);
    this.size += line.length;
    if (this.size > 65536) this.flush();
  }
  close(): void {
    if (this.fd === null) return;
    this.flush();
    closeSync(this.fd);
    this.fd = null;
  }
  private flush(): void {
    if (this.fd === null || this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.size = 0;
  }
}
