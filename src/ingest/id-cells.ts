import type { Dictionary } from "../data/dictionary.js";
import { CELL_BYTES, CELL_MISSING, type CellCursor } from "../io/raw-batch.js";

/** The code of an absent id (no session, no category, no order). */
export const NONE = -1;

/** Id cells (user, session, item, category, order) -> dictionary codes, with the source's null markers ("NA"). */
export class IdCells {
  private readonly nulls: Uint8Array[];

  constructor(nullValues: readonly string[]) {
    this.nulls = nullValues.map((s) => new TextEncoder().encode(s));
  }

  /** True when an id cell is empty or one of the null markers. */
  isAbsent(cell: CellCursor, r: number): boolean {
    const t = cell.at(r);
    return (
      t === CELL_MISSING || (t === CELL_BYTES && this.nulls.length > 0 && this.isNull(cell.buf, cell.start, cell.end))
    );
  }

  /**
   * Like intern, but first tries the code remembered for `key` (the user's last session, the item's
   * category): those repeat, and comparing bytes with one known key is cheaper than a hash lookup.
   */
  internRemembered(dict: Dictionary, cell: CellCursor, r: number, memo: { codes: Int32Array }, key: number): number {
    if (cell.at(r) === CELL_BYTES && key < memo.codes.length) {
      const known = memo.codes[key] - 1;
      if (known >= 0 && dict.matches(known, cell.buf, cell.start, cell.end)) return known;
    }
    const code = this.intern(dict, cell, r);
    if (key >= memo.codes.length) {
      const grown = new Int32Array(Math.max(key + 1, memo.codes.length * 2));
      grown.set(memo.codes);
      memo.codes = grown;
    }
    memo.codes[key] = code + 1;
    return code;
  }

  /** Code of an id cell, or NONE when it is empty or one of the null markers. Numbers become their decimal text. */
  intern(dict: Dictionary, cell: CellCursor, r: number): number {
    const t = cell.at(r);
    if (t === CELL_MISSING) return NONE;
    if (t === CELL_BYTES) {
      if (this.nulls.length > 0 && this.isNull(cell.buf, cell.start, cell.end)) return NONE;
      return dict.internBytes(cell.buf, cell.start, cell.end);
    }
    return dict.intern(String(cell.num));
  }

  private isNull(buf: Uint8Array, start: number, end: number): boolean {
    for (const n of this.nulls) if (n.length === end - start && n.every((b, k) => buf[start + k] === b)) return true;
    return false;
  }
}
