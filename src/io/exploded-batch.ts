import type { Data, RecordBatch } from "apache-arrow";
import { plain } from "./arrow-plain.js";
import { isValidAt } from "./arrow-validity.js";
import { CELL_BYTES, CELL_MISSING, CursorBase, type CellCursor, type CellType, type RawBatch } from "./raw-batch.js";

/**
 * Rows flattened from a nested Arrow record batch: each row points at its parent record (`parent`) and, for fields of
 * a list's elements, at an element (`element`, -1 for a record without elements). The cursors read the Arrow buffers
 * through these indexes: no object or string is made per row.
 */
export class ExplodedBatch implements RawBatch {
  constructor(
    readonly length: number,
    readonly cursors: CellCursor[],
    private readonly parent: Int32Array,
    private readonly firstRow: number,
    private readonly batch: RecordBatch,
  ) {}
  line(row: number): number {
    return this.firstRow + this.parent[row] + 1;
  }
  /** The whole source record, as its JSON export would hold it (only rejected rows ask for it). */
  raw(row: number): string {
    return JSON.stringify(plain(this.batch.get(this.parent[row])));
  }
  problem(): null {
    return null;
  }
}

/** A cursor over another through an index (`index[row]` < 0: missing), e.g. a record's field on each of its items. */
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

/** The first of several cursors with a value (GA4: user_id, else user_pseudo_id). */
export class FirstPresentCursor extends CursorBase {
  constructor(private readonly choices: CellCursor[]) {
    super();
  }
  at(row: number): CellType {
    for (const c of this.choices) {
      const t = c.at(row);
      if (t !== CELL_MISSING) return this.take(c, t);
    }
    return CELL_MISSING;
  }
}

/** A text placeholder that means "no value" (GA4 writes "(not set)"): read as missing. */
export class PlaceholderCursor extends CursorBase {
  constructor(
    private readonly inner: CellCursor,
    private readonly placeholder: Uint8Array,
  ) {
    super();
  }
  at(row: number): CellType {
    const t = this.take(this.inner, this.inner.at(row));
    if (t === CELL_BYTES && this.end - this.start === this.placeholder.length) {
      let same = true;
      for (let i = 0; i < this.placeholder.length && same; i++) same = this.buf[this.start + i] === this.placeholder[i];
      if (same) return CELL_MISSING;
    }
    return t;
  }
}

/** A field of a struct column: missing where the struct itself is null (GA4's ecommerce on a page view). */
export class StructFieldCursor extends CursorBase {
  constructor(
    private readonly struct: Data,
    private readonly inner: CellCursor,
  ) {
    super();
  }
  at(row: number): CellType {
    if (!isValidAt(this.struct, row)) return CELL_MISSING;
    return this.take(this.inner, this.inner.at(row));
  }
}

/** Text built per record while flattening (GA4's session id "<pseudo id>.<ga_session_id>"): bytes and offsets. */
export class BuiltTextCursor extends CursorBase {
  constructor(
    bytes: Uint8Array,
    private readonly offsets: Int32Array,
  ) {
    super();
    this.buf = bytes;
  }
  at(row: number): CellType {
    this.start = this.offsets[row];
    this.end = this.offsets[row + 1];
    return this.end > this.start ? CELL_BYTES : CELL_MISSING;
  }
}
