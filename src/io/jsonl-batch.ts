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

export type Scalar = string | number | boolean | null;

/** A batch of JSON records flattened to scalar columns, read through cursors like a CSV batch. */
export class JsonlBatch implements RawBatch {
  length = 0;
  readonly cursors: CellCursor[];
  private readonly values: Scalar[][];
  private readonly lines: number[] = [];
  private readonly raws: (() => string)[] = [];
  private readonly problems = new Map<number, RecordProblem>();
  constructor(columns: string[]) {
    this.values = columns.map(() => []);
    this.cursors = this.values.map((col) => new ScalarCursor(col));
  }
  add(line: number, row: Scalar[], raw: () => string): void {
    for (let c = 0; c < this.values.length; c++) this.values[c].push(row[c] ?? null);
    this.lines.push(line);
    this.raws.push(raw);
    this.length++;
  }
  addProblem(line: number, text: string, problem: RecordProblem): void {
    this.problems.set(this.length, problem);
    this.add(line, [], () => text);
  }
  line(row: number): number {
    return this.lines[row];
  }
  raw(row: number): string {
    return this.raws[row]();
  }
  problem(row: number): RecordProblem | null {
    return this.problems.get(row) ?? null;
  }
}

const encoder = new TextEncoder();
class ScalarCursor extends CursorBase {
  override buf = new Uint8Array(256);
  constructor(private readonly col: Scalar[]) {
    super();
  }
  at(row: number): CellType {
    const v = this.col[row];
    if (v === null || v === "") return CELL_MISSING;
    if (typeof v === "number") {
      this.num = v;
      return CELL_NUMBER;
    }
    const s = String(v);
    if (s.length * 3 > this.buf.length) this.buf = new Uint8Array(s.length * 3 + 16);
    this.start = 0;
    this.end = encoder.encodeInto(s, this.buf).written;
    return CELL_BYTES;
  }
}
