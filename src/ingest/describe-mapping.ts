import { FIELDS, type Field } from "./fields.js";
import type { IngestCounters } from "./ingest-counters.js";
import type { FieldColumns } from "./resolve-fields.js";

/** How one input's columns became canonical fields, and what was left unused. */
export interface SourceMapping {
  file: string;
  /** Canonical field -> the source column (or nested path) it was read from. */
  fields: Partial<Record<Field, string>>;
  /** "data" when the input has a session column (rows without one still get a gap-derived session), else "gap". */
  sessions: "data" | "gap";
  /** Source columns no field was read from. */
  unused: string[];
  /** What a nested reader counted: events with a user id or only an anonymous one, calls left out, duplicates. */
  records?: Record<string, number>;
}

/** What an ingest did with its inputs: the `mapping` of the report. */
export interface IngestMapping {
  sources: SourceMapping[];
  /** Sessions made from inactivity gaps (of `sessionGapMs`), over the whole dataset. */
  derivedSessions: number;
  sessionGapMs: number;
  /** Event names and the canonical type each became, most rows first (one-thread reads; not parallel CSV parts). */
  eventNames: { name: string; type: string; rows: number }[];
  /** Event names a preset left out (neither read nor rejected), most rows first. */
  leftOutEventNames: { name: string; rows: number }[];
  leftOutRows: number;
}

export function sourceMapping(
  file: string,
  columns: string[],
  fields: FieldColumns,
  records?: Record<string, number>,
  unusedFields?: string[],
): SourceMapping {
  const out: Partial<Record<Field, string>> = {};
  const used = new Set<number>();
  for (const f of FIELDS) {
    if (fields[f] < 0) continue;
    out[f] = columns[fields[f]];
    used.add(fields[f]);
  }
  if (fields.tsOffset >= 0) used.add(fields.tsOffset);
  if (fields.returnFlag >= 0) used.add(fields.returnFlag);
  const unused = unusedFields ?? columns.filter((_c, i) => !used.has(i));
  return { file, fields: out, sessions: fields.session >= 0 ? "data" : "gap", unused, ...(records ? { records } : {}) };
}

export function ingestMapping(
  sources: SourceMapping[],
  counters: IngestCounters,
  derivedSessions: number,
  sessionGapMs: number,
): IngestMapping {
  const names = [...counters.eventNames].sort((a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : 1));
  return {
    sources,
    derivedSessions,
    sessionGapMs,
    eventNames: names.flatMap(([name, e]) => (e.type ? [{ name, type: e.type, rows: e.rows }] : [])),
    leftOutEventNames: names.flatMap(([name, e]) => (e.type ? [] : [{ name, rows: e.rows }])),
    leftOutRows: counters.leftOut,
  };
}
