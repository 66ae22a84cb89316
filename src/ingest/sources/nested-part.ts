import { Dictionary } from "../../data/dictionary.js";
import { EventColumns } from "../../data/event-columns.js";
import type { EventDictionaries } from "../../data/event-table.js";
import type { EventKindName } from "../../data/event-kind.js";
import type { RecordExploder } from "../../io/record-exploder.js";
import { nestedRowGroupBatches } from "../../io/read-nested-parquet.js";
import { IngestCounters } from "../ingest-counters.js";
import { FlatRecordNormaliser } from "../flat-normaliser.js";
import { JsonLinesSink, packPart, partContext, type PartResult, type RangeSinks } from "../parse-part.js";
import type { SourceSpec } from "../preset-types.js";
import type { FieldColumns } from "../resolve-fields.js";
import { ExploderBase } from "./exploder-base.js";
import { ANALYTICS_PRESETS } from "./analytics-presets.js";

/** Consecutive row groups of a nested Parquet export, read on their own (in a worker thread, or in-thread). */
export interface NestedPartTask {
  file: string;
  /** The analytics preset whose exploder flattens the records (a function cannot cross to a worker). */
  preset: string;
  columns: string[];
  groups: number[];
  /** Row number (0-based) of the first row of the first group. */
  firstRow: number;
  /** Rows in the groups, to size the columns. */
  rows: number;
  spec: Omit<SourceSpec, "nested">;
  fields: FieldColumns;
  eventOverrides: Record<string, EventKindName>;
  tz?: string;
  /** Rejected records go here as JSON lines (with their row numbers in the file). */
  rejectsPath: string;
  /** Duplicate checks (ordinals within the part) whose keys an earlier part holds: left out as duplicates. */
  repeats: number[];
}

export interface NestedPartResult extends PartResult {
  leftOut: number;
  /** Every event name read, in first-seen order, with its canonical type (null: left out) and rows. */
  eventNames: [string, { type: string | null; rows: number }][];
  /** What the part's exploder counted (ids used, records left out by reason). */
  exploderCounts: Record<string, number>;
  /** The duplicate-check keys the part kept, for the checks against earlier parts. */
  keys: { hashes: Float64Array; checks: Int32Array };
}

export interface NestedPartCounts {
  read: number;
  accepted: number;
  unknownEvent: number;
  leftOut: number;
}

/**
 * Normalises the part's rows into the given sinks (the first part: straight into the ingest's own state, sized for
 * the records of the whole file, `sizeFor`, so that merging the others does not grow it again).
 */
export async function normaliseNestedPart(
  task: Omit<NestedPartTask, "rejectsPath" | "repeats">,
  exploder: RecordExploder,
  sinks: RangeSinks,
  onProgress?: (records: number, rows: number) => void,
  sizeFor = task.rows,
): Promise<NestedPartCounts> {
  const { out } = sinks;
  const normaliser = new FlatRecordNormaliser(partContext(task, sinks));
  const start = out.length;
  let sized = false;
  let records = 0;
  for await (const batch of nestedRowGroupBatches(task.file, exploder, task.groups, task.firstRow)) {
    normaliser.process(batch);
    if (batch.length > 0) records = batch.line(batch.length - 1) - task.firstRow;
    if (!sized && records > 0) {
      // rows per record from the first batch, for the records to come; 5% headroom, capped so a bad guess costs little
      const perRecord = normaliser.counters.read / records;
      out.ensureCapacity(Math.min(start + Math.ceil(sizeFor * perRecord * 1.05), 1 << 28));
      sized = true;
    }
    onProgress?.(records, normaliser.counters.read);
  }
  normaliser.finish();
  const { read, accepted, unknownEvent, leftOut } = normaliser.counters;
  return { read, accepted, unknownEvent, leftOut };
}

/** Reads one part with fresh dictionaries and its own exploder (in a worker); the caller merges parts in order. */
export async function parseNestedPart(
  task: NestedPartTask,
  onProgress?: (records: number, rows: number) => void,
): Promise<NestedPartResult> {
  const make = ANALYTICS_PRESETS.find((p) => p.name === task.preset)?.variants[0].spec.nested;
  const exploder = make?.();
  if (!(exploder instanceof ExploderBase)) throw new Error(`no nested preset "${task.preset}"`);
  exploder.readPart(task.repeats);
  // sized for the part's records (a session per event or so in web analytics): no rehashing on the way
  const records = Math.min(task.rows, 1 << 22);
  exploder.expectRecords(records);
  const dicts: EventDictionaries = {
    user: new Dictionary(Math.max(1 << 14, records >> 2)),
    // sessions as a list (about one per event in web analytics): told apart once, when the parts are merged
    session: Dictionary.appendOnly(Math.max(1 << 14, records)),
    item: new Dictionary(1 << 14),
    category: new Dictionary(),
    order: new Dictionary(Math.max(1024, records >> 3)),
  };
  const out = new EventColumns();
  const counters = new IngestCounters();
  const rejects = new JsonLinesSink(task.rejectsPath);
  let part: NestedPartCounts;
  try {
    part = await normaliseNestedPart(task, exploder, { dicts, out, counters, rejects, sourceIndex: 0 }, onProgress);
  } finally {
    rejects.close();
  }
  return {
    ...packPart(out, dicts, counters, part.unknownEvent, 0),
    leftOut: part.leftOut,
    eventNames: [...counters.eventNames],
    exploderCounts: exploder.counts(),
    keys: exploder.keysKept(),
  };
}
