import type { RecordBatch } from "apache-arrow";
import type { Scalar } from "./jsonl-batch.js";
import type { RawBatch, RecordProblem } from "./raw-batch.js";
import type { RecordRowsBatch } from "./record-rows-batch.js";

/** Reads a JSON line's bytes into a batch's rows, or returns false (changing nothing) to leave it to JSON.parse. */
export interface LineScanner {
  /** Which of the exploder's columns are the record's own (the same on each of its rows). */
  readonly perRecord: readonly boolean[];
  scan(buf: Uint8Array, start: number, end: number, line: number, batch: RecordRowsBatch): boolean;
}

/**
 * Turns one nested source record (a GA4 event with its items[], a Segment track call with properties.products[])
 * into flat rows, one per item, over fixed columns named after the source paths they come from. A new one is made
 * for each file: it keeps that file's counts.
 */
export interface RecordExploder {
  /** The flat columns, e.g. "event_timestamp", "items[].item_id". */
  readonly columns: string[];
  /** Checks the first records read (up to 200) before any is used; throws an InputError naming what is missing. */
  check(file: string, sample: Record<string, unknown>[]): void;
  /**
   * Emits the record's rows (at least one: an event without items gives one row without an item); returns why a record
   * is left out instead ("not a track call", "duplicate"), or the problem that rejects it whole (an items field that is
   * not a list), or null.
   */
  explode(record: Record<string, unknown>, emit: (row: Scalar[]) => void): string | RecordProblem | null;
  /**
   * Optional: flattens a decoded Parquet record batch column by column, over typed arrays (no object per record), to
   * the same rows `explode` gives its records; null when the batch's types are not the ones it reads (the record path
   * is used then).
   */
  explodeColumns?(batch: RecordBatch, firstRow: number): RawBatch | null;
  /**
   * Optional: a module for the Parquet decoding worker that flattens each batch there (a DecodeExtension, see
   * parquet-worker.ts), and `adoptColumns`, which takes what it sent for a record batch: the rows explodeColumns would
   * give, or null (nothing counted) when it cannot use it (explodeColumns is used then).
   */
  readonly decodeExtension?: URL;
  /**
   * Optional: the fields it reads from a Parquet export (a top-level name, or "top.leaf" for a field of a struct or of
   * a list's structs); the other columns are not decoded, so a rejected record's raw text holds only these.
   */
  readonly projection?: readonly string[];
  adoptColumns?(batch: RecordBatch, firstRow: number, extra: unknown): RawBatch | null;
  /** Optional: a scanner that reads a line's bytes into the same rows as `explode` of JSON.parse(line). */
  lineScanner?(): LineScanner;
  /** Top-level fields of the checked records that no column is read from. */
  unusedFields(): string[];
  /** What this file's records held: ids used, records left out by reason. */
  counts(): Record<string, number>;
}
