import {
  Dictionary as ArrowDictionary,
  Field,
  Float64,
  Int32,
  Int8,
  Schema,
  TimestampMillisecond,
  Utf8,
} from "apache-arrow";

/**
 * The on-disk dataset: one directory holding
 *   events.arrow    Arrow IPC file, one row per event, sorted by user, time, input order;
 *                   ids as Arrow dictionary columns (the dictionaries are the raw ids, in code order)
 *   manifest.json   schema version, sources with sha256, counts, time span, ingest options
 *   quarantine.csv  rejected records with file, line, reason, column, detail and raw text (if any)
 * Defined once here and used by both the writer and the reader (docs/dataset-format.md).
 */
export const DATASET_FORMAT = "cartlift-dataset";
export const DATASET_SCHEMA_VERSION = 1;
export const EVENTS_FILE = "events.arrow";
export const MANIFEST_FILE = "manifest.json";
export const QUARANTINE_FILE = "quarantine.csv";
/** Rows per Arrow record batch: bounded write buffers, and readers can stream the file. */
export const ROWS_PER_BATCH = 1 << 20;

const dict = (id: number) => new ArrowDictionary(new Utf8(), new Int32(), id, false);

export const EVENTS_SCHEMA = new Schema([
  new Field("ts", new TimestampMillisecond("UTC"), false),
  new Field("user", dict(0), false),
  new Field("session", dict(1), false),
  new Field("item", dict(2), false),
  new Field("event", new ArrowDictionary(new Utf8(), new Int8(), 3, false), false),
  new Field("price", new Float64(), true),
  new Field("quantity", new Int32(), false),
  new Field("category", dict(4), true),
  new Field("order", dict(5), true),
]);

export interface SourceRecord {
  path: string;
  bytes: number;
  sha256: string;
  format: string;
  preset: string | null;
  variant: string | null;
  read: number;
  accepted: number;
  rejected: number;
}

export interface DatasetManifest {
  format: typeof DATASET_FORMAT;
  schemaVersion: number;
  cartliftVersion: string;
  files: { events: string; quarantine: string | null };
  sources: SourceRecord[];
  events: number;
  eventsByType: Record<string, number>;
  users: number;
  items: number;
  sessions: number;
  categories: number;
  orders: number;
  timeSpan: { from: string | null; to: string | null; days: number };
  counts: { read: number; accepted: number; rejected: number; rejectedByReason: Record<string, number> };
  ingest: { sessionGapMs: number; derivedSessions: number; tz: string; appends: number };
  /**
   * What events.arrow holds: rows, bytes and sha256, checked by every reader (a mix of two ingests is refused). Absent
   * in datasets written before it was recorded, which are read unchecked.
   */
  eventsFile?: { rows: number; bytes: number; sha256: string };
}
