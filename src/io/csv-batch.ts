import { isUtf8 } from "node:buffer";
import {
  CELL_BYTES,
  CELL_MISSING,
  CursorBase,
  type CellCursor,
  type CellType,
  type RawBatch,
  type RecordProblem,
} from "./raw-batch.js";
import { FLAG_BAD_QUOTE, type TokenizedRecords } from "./csv-tokenizer.js";
import { displayBytes } from "./display-bytes.js";

/** One tokenized stretch of a CSV file as a batch of records, each cell a byte range of the buffer. */
export class CsvBatch implements RawBatch {
  readonly length: number;
  readonly cursors: CellCursor[];
  private readonly badUtf8: Set<number> | null;
  constructor(
    private readonly file: string,
    private readonly columns: string[],
    private readonly buf: Uint8Array,
    private readonly rec: TokenizedRecords,
    private readonly rawBefore: Map<number, string>,
    validUtf8: boolean,
    private readonly last: boolean,
  ) {
    this.length = rec.count;
    this.cursors = columns.map((_, c) => new CsvCursor(buf, rec, c));
    this.badUtf8 = validUtf8 ? null : findBadUtf8Records(buf, rec);
  }
  line(row: number): number {
    return this.rec.lines[row];
  }
  raw(row: number): string {
    return this.rawBefore.get(row) ?? displayBytes(this.buf.subarray(this.rec.recStart[row], this.rec.recEnd[row]));
  }
  problem(row: number): RecordProblem | null {
    const rec = this.rec;
    if (this.badUtf8?.has(row))
      return {
        reason: "invalid_utf8",
        column: this.badUtf8Column(row),
        detail: "bytes that are not valid UTF-8; re-export the file as UTF-8 (iconv -f latin1 -t utf-8)",
      };
    if (this.last && row === rec.count - 1 && rec.openQuote)
      return {
        reason: "unterminated_quote",
        column: this.columns[Math.min(rec.fieldCounts[row], this.columns.length) - 1] ?? this.columns[0],
        detail: "a quoted field is never closed (file truncated?)",
      };
    if (rec.flags[row] & FLAG_BAD_QUOTE) {
      const f = rec.badQuoteField[row];
      return {
        reason: "bad_quote",
        column: this.columns[f] ?? `(field ${f + 1})`,
        detail: "characters after a closing quote",
      };
    }
    const found = rec.fieldCounts[row];
    if (found !== rec.width) {
      const column = found < rec.width ? this.columns[found] : `(field ${found})`;
      const hint =
        found === 1
          ? " (wrong delimiter? pass --delimiter)"
          : this.last && row === rec.count - 1
            ? " (truncated last line?)"
            : "";
      return { reason: "wrong_field_count", column, detail: `expected ${rec.width} fields, found ${found}${hint}` };
    }
    return null;
  }
  private badUtf8Column(row: number): string {
    const base = row * this.rec.width;
    for (let c = 0; c < this.columns.length; c++) {
      if (!isUtf8(this.buf.subarray(this.rec.starts[base + c], this.rec.ends[base + c]))) return this.columns[c];
    }
    return this.columns[0];
  }
}

class CsvCursor extends CursorBase {
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly width: number;
  constructor(
    buf: Uint8Array,
    rec: TokenizedRecords,
    private readonly col: number,
  ) {
    super();
    this.buf = buf;
    this.starts = rec.starts;
    this.ends = rec.ends;
    this.width = rec.width;
  }
  at(row: number): CellType {
    const k = row * this.width + this.col;
    this.start = this.starts[k];
    this.end = this.ends[k];
    return this.end > this.start ? CELL_BYTES : CELL_MISSING;
  }
}

function findBadUtf8Records(buf: Uint8Array, rec: TokenizedRecords): Set<number> {
  const bad = new Set<number>();
  for (let r = 0; r < rec.count; r++) if (!isUtf8(buf.subarray(rec.recStart[r], rec.recEnd[r]))) bad.add(r);
  return bad;
}
