import type { Scalar } from "./jsonl-batch.js";
import {
  CELL_BYTES,
  CELL_MISSING,
  CELL_NUMBER,
  CursorBase,
  type CellCursor,
  type CellType,
  type RawBatch,
  type RecordProblem,
} from "./raw-batch.js";

/**
 * Rows exploded from JSON lines (one per item of a record), filled field by field: by a byte scanner straight from the
 * line's bytes, or from the rows JSON.parse and an exploder give (see `addRows`). A cell is text (bytes copied into
 * the batch's arena), a number, or missing, as a JsonlBatch cell of the same value reads: "" is missing, a boolean is
 * its text. The record's own columns (time, name, user, session, order) hold one slot per record, read through
 * `records.of`; the item's columns one slot per row.
 */
export class RecordRowsBatch implements RawBatch {
  length = 0;
  private recordCount = 0;
  private readonly recordOf: Column;
  cursors: CellCursor[] = [];
  records: { of: Int32Array; columns: readonly boolean[] };
  private readonly columns: Column[];
  private arena: Uint8Array;
  private used = 0;
  /** Per record: its line number, and where its text is (a chunk of the file's bytes, or a string). */
  private lines = new Int32Array(1024);
  private rawAt = new Int32Array(2048);
  private readonly rawChunks: Uint8Array[] = [];
  private readonly rawTexts = new Map<number, string>();
  private readonly problems = new Map<number, RecordProblem>();

  /** `perRecord[c]`: column c is a field of the record (the same on each of its rows); `rows`: room to start with. */
  constructor(
    private readonly perRecord: readonly boolean[],
    rows = 256,
  ) {
    // a little more than the rows a reader stops at, so that the record that passes it does not grow the columns
    const size = rows + (rows >> 3);
    this.columns = perRecord.map(() => new Column(size));
    this.recordOf = new Column(size);
    this.arena = new Uint8Array(size * 16);
    this.records = { of: new Int32Array(0), columns: perRecord };
  }

  get recordsAdded(): number {
    return this.recordCount;
  }

  /** Starts a record from line `line`, whose text is `chunk[start, end)` (kept for the quarantine). */
  beginRecord(line: number, chunk: Uint8Array, start: number, end: number): number {
    const k = this.recordCount++;
    if (k >= this.lines.length) {
      this.lines = grow32(this.lines, k * 2);
      this.rawAt = grow32(this.rawAt, k * 4);
    }
    this.lines[k] = line;
    if (this.rawChunks[this.rawChunks.length - 1] !== chunk) this.rawChunks.push(chunk);
    this.rawAt[2 * k] = start;
    this.rawAt[2 * k + 1] = end;
    this.rawOf(k, this.rawChunks.length - 1);
    return k;
  }

  /** Starts a record whose text is a string (a line JSON.parse read). */
  beginTextRecord(line: number, text: string): number {
    const k = this.beginRecord(line, EMPTY, 0, 0);
    this.rawTexts.set(k, text);
    return k;
  }

  /** Adds a row of the current record; its item cells start missing. */
  addRow(): number {
    const r = this.length++;
    this.recordOf.ensure(r + 1);
    this.recordOf.starts[r] = this.recordCount - 1;
    for (let c = 0; c < this.columns.length; c++) if (!this.perRecord[c]) this.columns[c].missing(r);
    return r;
  }

  /** The slot of column c for the current record (record columns) or the last row (item columns). */
  private slot(c: number): number {
    return this.perRecord[c] ? this.recordCount - 1 : this.length - 1;
  }

  text(c: number, buf: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.used + n > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, this.used + n));
      next.set(this.arena.subarray(0, this.used));
      this.arena = next;
    }
    const arena = this.arena;
    const at = this.used;
    // ids are short: a loop beats making a view to copy from
    if (n <= 64) for (let k = 0; k < n; k++) arena[at + k] = buf[start + k];
    else arena.set(buf.subarray(start, end), at);
    this.columns[c].text(this.slot(c), this.used, this.used + n);
    this.used += n;
  }

  number(c: number, v: number): void {
    this.columns[c].number(this.slot(c), v);
  }

  missing(c: number): void {
    this.columns[c].missing(this.slot(c));
  }

  /** A cell as a JsonlBatch holds it. */
  scalar(c: number, v: Scalar): void {
    if (v === null || v === "") this.missing(c);
    else if (typeof v === "number") this.number(c, v);
    else {
      const bytes = ENCODER.encode(String(v));
      this.text(c, bytes, 0, bytes.length);
    }
  }

  /** The rows an exploder gave one record (read by JSON.parse): the first row's record fields, each row's items. */
  addRows(line: number, text: string, rows: Scalar[][]): void {
    if (rows.length === 0) return;
    this.beginTextRecord(line, text);
    for (let c = 0; c < this.columns.length; c++) if (this.perRecord[c]) this.scalar(c, rows[0][c] ?? null);
    for (const row of rows) {
      this.addRow();
      for (let c = 0; c < this.columns.length; c++) if (!this.perRecord[c]) this.scalar(c, row[c] ?? null);
    }
  }

  /** A line that is not a record (bad JSON, bad UTF-8): one row, all cells missing, with its problem. */
  addProblem(line: number, text: string, problem: RecordProblem): void {
    this.beginTextRecord(line, text);
    for (let c = 0; c < this.columns.length; c++) if (this.perRecord[c]) this.missing(c);
    this.problems.set(this.addRow(), problem);
  }

  /** Makes the cursors (call once the batch is filled). */
  finish(): this {
    const of = this.recordOf.starts.subarray(0, this.length);
    this.records = { of, columns: this.perRecord };
    this.cursors = this.columns.map((col, c) => new SlotCursor(col, this.arena, this.perRecord[c] ? of : null));
    return this;
  }

  line(row: number): number {
    return this.lines[this.recordOf.starts[row]];
  }
  raw(row: number): string {
    const k = this.recordOf.starts[row];
    const text = this.rawTexts.get(k);
    if (text !== undefined) return text;
    const bytes = this.rawChunks[this.rawChunk[k]].subarray(this.rawAt[2 * k], this.rawAt[2 * k + 1]);
    return DECODER.decode(bytes);
  }
  problem(row: number): RecordProblem | null {
    return this.problems.size === 0 ? null : (this.problems.get(row) ?? null);
  }

  private rawChunk = new Int32Array(1024);
  private rawOf(k: number, chunk: number): void {
    if (k >= this.rawChunk.length) this.rawChunk = grow32(this.rawChunk, k * 2);
    this.rawChunk[k] = chunk;
  }
}

/** A column's slots: bytes [starts, ends) of the arena when ends > starts, else the number (NaN: missing). */
class Column {
  starts: Int32Array;
  ends: Int32Array;
  nums: Float64Array;
  constructor(size: number) {
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
    this.nums = new Float64Array(size);
  }
  ensure(n: number): void {
    if (n <= this.starts.length) return;
    const size = Math.max(n, this.starts.length * 2);
    this.starts = grow32(this.starts, size);
    this.ends = grow32(this.ends, size);
    const nums = new Float64Array(size);
    nums.set(this.nums);
    this.nums = nums;
  }
  text(i: number, s: number, e: number): void {
    this.ensure(i + 1);
    this.starts[i] = s;
    this.ends[i] = e;
    this.nums[i] = NaN;
  }
  number(i: number, v: number): void {
    this.ensure(i + 1);
    this.starts[i] = 0;
    this.ends[i] = 0;
    this.nums[i] = v;
  }
  missing(i: number): void {
    this.number(i, NaN);
  }
}

class SlotCursor extends CursorBase {
  constructor(
    private readonly col: Column,
    arena: Uint8Array,
    private readonly index: Int32Array | null,
  ) {
    super();
    this.buf = arena;
  }
  at(row: number): CellType {
    const i = this.index === null ? row : this.index[row];
    const { col } = this;
    const s = col.starts[i];
    const e = col.ends[i];
    if (e > s) {
      this.start = s;
      this.end = e;
      return CELL_BYTES;
    }
    const v = col.nums[i];
    if (v !== v) return CELL_MISSING;
    this.num = v;
    return CELL_NUMBER;
  }
}

function grow32(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const out = new Int32Array(Math.max(size, a.length));
  out.set(a);
  return out;
}

const EMPTY = new Uint8Array(0);
const ENCODER = new TextEncoder();
const DECODER = new TextDecoder();
