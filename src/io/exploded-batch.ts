import { Type, type Data, type RecordBatch } from "apache-arrow";
import { plain } from "./arrow-plain.js";
import { isValidAt } from "./arrow-validity.js";
import {
  CELL_BYTES,
  CELL_MISSING,
  CELL_NUMBER,
  CursorBase,
  type CellCursor,
  type CellType,
  type RawBatch,
} from "./raw-batch.js";

/**
 * Rows flattened from a nested Arrow record batch: each row points at its parent record (`recordOf`) and, for fields
 * of a list's elements, at an element. The columns are read once per batch into flat spans and numbers (see
 * TextSpans), so that the normaliser's cursors are two small classes over typed arrays: no object or string per row.
 */
export class ExplodedBatch implements RawBatch {
  readonly records: { of: Int32Array; columns: readonly boolean[] };
  constructor(
    readonly length: number,
    readonly cursors: CellCursor[],
    /** The record (row of the Arrow batch) each row comes from. */
    private readonly recordOf: Int32Array,
    /** Which cursors read the record's own fields (the same cell on each of its rows). */
    recordColumns: readonly boolean[],
    private readonly firstRow: number,
    private readonly batch: RecordBatch,
    /** The same columns as plain arrays, when every one is of its common type (else null: read the cursors). */
    readonly flat: FlatColumns | null = null,
  ) {
    this.records = { of: recordOf, columns: recordColumns };
  }
  line(row: number): number {
    return this.firstRow + this.recordOf[row] + 1;
  }
  /** The whole source record, as its JSON export would hold it (only rejected rows ask for it). */
  raw(row: number): string {
    return JSON.stringify(plain(this.batch.get(this.recordOf[row])));
  }
  problem(): null {
    return null;
  }
}

/**
 * Text cells as spans of a buffer: slot i is bytes [starts[i], ends[i]) of `buf`, or of `alt` where starts[i] is
 * negative (~start): a column that takes each value from one of two Arrow columns (GA4's user_id, else
 * user_pseudo_id). An empty span is a missing cell.
 */
export interface TextSpans {
  buf: Uint8Array;
  alt: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
}

/**
 * The columns of an exploded batch as the normaliser's fast path reads them: per record (at `records.of[row]`) the
 * time in ms (NaN: missing), the name, the user, the session and the order; per row the item, price and quantity (NaN:
 * missing) and category. A missing column is null; an empty span is a missing cell.
 */
export interface FlatColumns {
  ms: Float64Array;
  name: TextSpans;
  user: TextSpans;
  session: TextSpans;
  order: TextSpans | null;
  item: TextSpans;
  price: Float64Array | null;
  quantity: Float64Array | null;
  category: TextSpans | null;
}

/** A text column over spans, read at `index[row]` (one slot per record) or at `row` (index null). */
export class SpanCursor extends CursorBase {
  constructor(
    private readonly spans: TextSpans,
    private readonly index: Int32Array | null,
  ) {
    super();
    this.buf = spans.buf;
  }
  at(row: number): CellType {
    const i = this.index === null ? row : this.index[row];
    if (i < 0) return CELL_MISSING;
    const { spans } = this;
    let s = spans.starts[i];
    if (s < 0) {
      this.buf = spans.alt;
      s = ~s;
    } else this.buf = spans.buf;
    this.start = s;
    this.end = spans.ends[i];
    return this.end > s ? CELL_BYTES : CELL_MISSING;
  }
}

/** A number column (NaN: missing), read at `index[row]` or at `row` (index null). */
export class FlatNumberCursor extends CursorBase {
  constructor(
    private readonly values: Float64Array,
    private readonly index: Int32Array | null,
  ) {
    super();
  }
  at(row: number): CellType {
    const i = this.index === null ? row : this.index[row];
    if (i < 0) return CELL_MISSING;
    const v = this.values[i];
    if (v !== v) return CELL_MISSING;
    this.num = v;
    return CELL_NUMBER;
  }
}

/** True for the Arrow text types textSpans reads: Utf8, LargeUtf8, and dictionaries of them. */
export function isTextData(d: Data | null): d is Data {
  if (d === null) return false;
  const t = d.typeId === Type.Dictionary ? (d.dictionary?.data[0]?.typeId ?? -1) : d.typeId;
  return t === Type.Utf8 || t === Type.LargeUtf8;
}

/**
 * The spans of a text column at `slots[i]` (a row of `d`, or -1 for none): missing where the row (or the struct
 * `holder` it is a field of) is null, empty, or equal to `placeholder`. `d` must pass isTextData.
 */
export function textSpans(
  d: Data,
  slots: Int32Array,
  placeholder: Uint8Array | null,
  holder: Data | null = null,
): TextSpans {
  const n = slots.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  const dict = d.typeId === Type.Dictionary ? (d.dictionary!.data[0] as Data) : null;
  const text = dict ?? d;
  const buf = text.values as Uint8Array;
  const offsets = text.valueOffsets as ArrayLike<number | bigint>;
  const keys = dict ? (d.values as ArrayLike<number | bigint>) : null;
  const checkNulls = d.nullCount > 0 || (dict !== null && dict.nullCount > 0) || (holder?.nullCount ?? 0) > 0;
  for (let i = 0; i < n; i++) {
    const row = slots[i];
    if (row < 0) continue;
    if (checkNulls && (!isValidAt(d, row) || (holder !== null && !isValidAt(holder, row)))) continue;
    let k = d.offset + row;
    if (keys) {
      k = text.offset + Number(keys[k]);
      if (!isValidAt(text, k - text.offset)) continue;
    }
    const s = Number(offsets[k]);
    const e = Number(offsets[k + 1]);
    if (placeholder !== null && e - s === placeholder.length && same(buf, s, placeholder)) continue;
    starts[i] = s;
    ends[i] = e;
  }
  return { buf, alt: buf, starts, ends };
}

/** Spans taking each slot from `first` where it has a value, else from `second` (marked to read `alt`). */
export function firstPresent(first: TextSpans, second: TextSpans): TextSpans {
  const n = first.starts.length;
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    if (first.ends[i] > first.starts[i]) {
      starts[i] = first.starts[i];
      ends[i] = first.ends[i];
    } else if (second.ends[i] > second.starts[i]) {
      starts[i] = ~second.starts[i];
      ends[i] = second.ends[i];
    }
  }
  return { buf: first.buf, alt: second.buf, starts, ends };
}

/**
 * The numbers of an Int or Float column at `slots[i]` (NaN where null or none), divided by `divisor` and floored when
 * it is not 1. With `exact`, null when a 64-bit value is beyond 2^53 (it would lose digits: the caller then reads the
 * column cell by cell, as text).
 */
export function numbersAt(d: Data, slots: Int32Array, divisor = 1, exact = true): Float64Array | null {
  const n = slots.length;
  const out = new Float64Array(n);
  const values = d.values as ArrayLike<number | bigint>;
  const halves = int64Halves(d);
  const checkNulls = d.nullCount > 0;
  for (let i = 0; i < n; i++) {
    const row = slots[i];
    if (row < 0 || (checkNulls && !isValidAt(d, row))) {
      out[i] = NaN;
      continue;
    }
    const raw = halves ? int64At(halves, d.offset + row) : values[d.offset + row];
    let v = typeof raw === "bigint" ? (raw > MAX_SAFE ? NaN : Number(raw)) : raw;
    if (v !== v && (halves || typeof raw === "bigint")) {
      if (exact) return null; // beyond 2^53
      v = Number(values[d.offset + row]);
    }
    out[i] = divisor === 1 ? v : Math.floor(v / divisor);
  }
  return out;
}

/** A 64-bit integer column's values as pairs of 32-bit halves (no BigInt per read; see int64At), or null. */
export function int64Halves(d: Data): Int32Array | null {
  const v = d.values as ArrayBufferView & { length: number };
  if (!(v instanceof BigInt64Array)) return null;
  return new Int32Array(v.buffer, v.byteOffset, v.length * 2);
}

/** Value `k` of int64Halves (little-endian), or NaN when it is beyond 2^53 (it would lose digits as a number). */
export function int64At(halves: Int32Array, k: number): number {
  const hi = halves[2 * k + 1];
  if (hi >= 0x200000 || hi < -0x200000) return NaN;
  return hi * 4294967296 + (halves[2 * k] >>> 0);
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function same(buf: Uint8Array, s: number, want: Uint8Array): boolean {
  for (let i = 0; i < want.length; i++) if (buf[s + i] !== want[i]) return false;
  return true;
}

/** A cursor over another through an index (`index[row]` < 0: missing), for columns read cell by cell. */
export class IndexedCursor extends CursorBase {
  override readonly isEpochMs: boolean;
  override readonly isWallClock: boolean;
  constructor(
    private readonly inner: CellCursor,
    private readonly index: Int32Array,
  ) {
    super();
    this.isEpochMs = inner.isEpochMs;
    this.isWallClock = inner.isWallClock;
  }
  at(row: number): CellType {
    const k = this.index[row];
    if (k < 0) return CELL_MISSING;
    return this.take(this.inner, this.inner.at(k));
  }
}
