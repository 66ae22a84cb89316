import { Dictionary } from "../data/dictionary.js";
import { CELL_BYTES, CELL_MISSING, type CellCursor } from "../io/raw-batch.js";

/** The code of an absent id (no session, no category, no order). */
export const NONE = -1;

/**
 * The code remembered per key for IdCells.internRemembered, as (code + 1, hash) pairs (0: none yet), with how often it
 * helped in the current window of tries, and how many rows it is left unread for.
 */
export class RememberedCodes {
  codes = new Int32Array(2048);
  tries = 0;
  hits = 0;
  skip = 0;
}

/** Tries per window, and rows the memo is left unread for after a window with fewer than one hit in eight. */
const MEMO_WINDOW = 1 << 16;
const MEMO_REST = 1 << 20;

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
   * Like intern, but first tries the code remembered for `key` (the user's last session, the item's category): those
   * repeat, and comparing bytes with one known key is cheaper than a hash lookup. The key's bytes are compared only
   * when the hash is the remembered one (its bytes are a cache miss), and a lookup after all reuses the hash. A memo
   * that seldom helps (web analytics exports where each event starts a session) is left unread for a while: reading
   * it is a cache miss per row too. The codes are the same either way; only the work differs.
   */
  internRemembered(dict: Dictionary, cell: CellCursor, r: number, memo: RememberedCodes, key: number): number {
    const t = cell.at(r);
    if (t === CELL_BYTES && !(this.nulls.length > 0 && this.isNull(cell.buf, cell.start, cell.end)))
      return this.internRememberedSpan(dict, cell.buf, cell.start, cell.end, memo, key);
    if (memo.skip > 0) {
      memo.skip--;
      return this.intern(dict, cell, r);
    }
    const code = this.intern(dict, cell, r);
    remember(memo, key, code, 0);
    return code;
  }

  /**
   * internRemembered of the id in `buf[start, end)`, not one of the null markers; an empty span is a missing id
   * (NONE), as an empty cell is.
   */
  internRememberedSpan(
    dict: Dictionary,
    buf: Uint8Array,
    start: number,
    end: number,
    memo: RememberedCodes,
    key: number,
  ): number {
    if (memo.skip > 0) {
      memo.skip--;
      return end > start ? dict.internBytes(buf, start, end) : NONE;
    }
    if (end <= start) {
      remember(memo, key, NONE, 0);
      return NONE;
    }
    const h = Dictionary.hash(buf, start, end);
    if (++memo.tries === MEMO_WINDOW) {
      if (memo.hits * 8 < MEMO_WINDOW) memo.skip = MEMO_REST;
      memo.tries = memo.hits = 0;
    }
    if (2 * key < memo.codes.length && memo.codes[2 * key + 1] === h) {
      const known = memo.codes[2 * key] - 1;
      if (known >= 0 && dict.matches(known, buf, start, end)) {
        memo.hits++;
        return known;
      }
    }
    const code = dict.internHashed(buf, start, end, h);
    remember(memo, key, code, h);
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

/** Remembers `code` (with its key's hash `h`) for `key`. */
function remember(memo: RememberedCodes, key: number, code: number, h: number): void {
  if (2 * key >= memo.codes.length) {
    const grown = new Int32Array(Math.max(2 * key + 2, memo.codes.length * 2));
    grown.set(memo.codes);
    memo.codes = grown;
  }
  memo.codes[2 * key] = code + 1;
  memo.codes[2 * key + 1] = h;
}
