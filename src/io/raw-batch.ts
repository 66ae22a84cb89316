import type { RecordExploder } from "./record-exploder.js";

/**
 * What every reader (CSV, Parquet, JSON Lines) hands to the normaliser: a batch of source records
 * with one cell cursor per source column. Cursors expose a cell either as UTF-8 bytes (a view into
 * the reader's buffer: no string per cell) or as a number, so the hot loop stays allocation-free.
 */
export const CELL_MISSING = 0;
export const CELL_BYTES = 1;
export const CELL_NUMBER = 2;
export type CellType = typeof CELL_MISSING | typeof CELL_BYTES | typeof CELL_NUMBER;

export interface CellCursor {
  /** Positions the cursor on `row`; the value is then in buf/start/end or num. */
  at(row: number): CellType;
  buf: Uint8Array;
  start: number;
  end: number;
  num: number;
  /** True when `num` is a timestamp already in milliseconds (typed Arrow timestamps and dates). */
  readonly isEpochMs: boolean;
  /** With `isEpochMs`: the time is a zone-less wall-clock time (Parquet isAdjustedToUTC=false, dates), read in --tz. */
  readonly isWallClock: boolean;
}

/** Common state of the readers' cursors; subclasses implement `at`. */
export abstract class CursorBase implements CellCursor {
  buf: Uint8Array = EMPTY;
  start = 0;
  end = 0;
  num = NaN;
  readonly isEpochMs: boolean = false;
  readonly isWallClock: boolean = false;
  abstract at(row: number): CellType;
  /** Takes the cell another cursor is on (for cursors that wrap or choose between others). */
  protected take(from: CellCursor, t: CellType): CellType {
    this.buf = from.buf;
    this.start = from.start;
    this.end = from.end;
    this.num = from.num;
    return t;
  }
}
const EMPTY = new Uint8Array(0);

export interface RawBatch {
  readonly length: number;
  /** One cursor per source column, in `RecordSource.columns` order. */
  readonly cursors: CellCursor[];
  /** 1-based line (CSV/JSONL) or row number (Parquet) of a record, for messages and quarantine. */
  line(row: number): number;
  /** The record as it appeared in the source, for the quarantine file. */
  raw(row: number): string;
  /**
   * Readers that explode records into several rows (one per item): the record each row comes from, and which columns
   * hold the record's own fields (the same cell on each of its rows), so that they are read once per record.
   */
  readonly records?: { of: Int32Array; columns: readonly boolean[] };
  /** A structural problem the reader found (wrong field count, bad quoting, bad JSON, bad UTF-8), or null. */
  problem(row: number): RecordProblem | null;
}

export interface RecordProblem {
  reason: string;
  column: string;
  detail: string;
}

export interface RecordSource {
  readonly file: string;
  readonly format: "csv" | "parquet" | "jsonl";
  /** Source column names (CSV header, Parquet schema, JSON keys). */
  readonly columns: string[];
  /** Bytes consumed so far, for progress. */
  bytesRead(): number;
  readonly totalBytes: number;
  batches(): AsyncIterable<RawBatch>;
  /** Releases what the reader holds (a decoding worker): called on every path, failures included. */
  close?(): Promise<void>;
  /** What a nested-record reader counted (events with a user id or only an anonymous one, records left out). */
  counts?(): Record<string, number>;
  /** A nested-record reader's top-level fields that no column is read from. */
  unusedFields?(): string[];
  /** For nested Parquet exports: the rows of each row group and the file's exploder, to read row groups in parts. */
  readonly rowGroups?: { rows: number[]; exploder: RecordExploder };
  /** For plain CSV files: what a parallel reader needs to cut the body into byte ranges. */
  readonly split?: { delimiter: string; bodyStart: number; firstLine: number };
}
