import {
  memberKey,
  plainDecimal,
  sameBytes,
  skipScalar,
  skipSpace,
  skipValue,
  STRING_ESCAPES,
  STRING_NON_ASCII,
} from "../../io/json-scan.js";
import type { RecordRowsBatch } from "../../io/record-rows-batch.js";
import {
  C_CATEGORY,
  C_ITEM,
  C_PRICE,
  C_QUANTITY,
  DEPTH,
  idCell,
  ITEM_KEYS,
  K_ABSENT,
  K_BOOL,
  K_NULL,
  K_NUMBER,
  K_OTHER,
  K_STRING,
  keyEnd,
  numCell,
} from "./ga4-line-values.js";

/** The `items` of a GA4 line (see Ga4LineScanner): each object element's item_id, price, quantity and category. */
export class Ga4LineItems {
  /** Items read from the current line. */
  count = 0;
  private items = new Int32Array(4 * 16 * 4);
  constructor(private readonly flags: Int32Array) {}

  /** items: each object element's item_id, price, quantity and item_category (other elements are skipped). */
  list(buf: Uint8Array, i: number, end: number): number {
    // null is no items; anything else that is not a list is left to the record path, which names it
    if (buf[i] !== 0x5b) return buf[i] === 0x6e ? skipValue(buf, i, end, DEPTH, this.flags) : -1;
    i = skipSpace(buf, i + 1, end);
    if (buf[i] === 0x5d) return i + 1;
    for (;;) {
      i = buf[i] === 0x7b ? this.item(buf, i, end) : skipValue(buf, i, end, DEPTH - 1, this.flags);
      if (i < 0) return -1;
      i = skipSpace(buf, i, end);
      if (buf[i] === 0x2c) i = skipSpace(buf, i + 1, end);
      else if (buf[i] === 0x5d) return i + 1;
      else return -1;
    }
  }

  /** One item: four (kind, start, end, flags) quadruples at items[16k + 4f], f = item_id, price, quantity, category. */
  private item(buf: Uint8Array, i: number, end: number): number {
    const k = this.count++;
    if (16 * (k + 1) > this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    const it = this.items;
    const b = 16 * k;
    for (let f = 0; f < 4; f++) it[b + 4 * f] = K_ABSENT;
    let seen = 0;
    i = skipSpace(buf, i + 1, end);
    if (buf[i] === 0x7d) return i + 1;
    for (;;) {
      const k0 = i + 1;
      i = memberKey(buf, i, end, this.flags);
      if (i < 0 || (this.flags[0] & STRING_ESCAPES) !== 0) return -1;
      const ke = keyEnd(buf, k0);
      let f = -1;
      for (let c = 0; c < ITEM_KEYS.length; c++) if (sameBytes(buf, k0, ke, ITEM_KEYS[c])) f = c;
      if (f >= 0) {
        if ((seen & (1 << f)) !== 0) return -1;
        seen |= 1 << f;
        const at = b + 4 * f;
        const c = buf[i];
        if (c === 0x7b || c === 0x5b) {
          it[at] = K_OTHER;
          i = skipValue(buf, i, end, DEPTH - 2, this.flags);
        } else {
          const s = i;
          i = skipScalar(buf, i, end, this.flags);
          if (i < 0) return -1;
          it[at] = c === 0x22 ? K_STRING : c === 0x6e ? K_NULL : c === 0x74 || c === 0x66 ? K_BOOL : K_NUMBER;
          it[at + 1] = c === 0x22 ? s + 1 : s;
          it[at + 2] = c === 0x22 ? i - 1 : i;
          it[at + 3] = c === 0x22 ? this.flags[0] : 0;
        }
      } else i = skipValue(buf, i, end, DEPTH - 2, this.flags);
      if (i < 0) return -1;
      i = skipSpace(buf, i, end);
      if (buf[i] === 0x2c) {
        i = skipSpace(buf, i + 1, end);
        continue;
      }
      if (buf[i] !== 0x7d) return -1;
      return i + 1;
    }
  }

  /** Whether item k's cells read as the record path reads them (ids: strings without escapes; plain numbers). */
  readable(buf: Uint8Array, k: number): boolean {
    const it = this.items;
    const b = 16 * k;
    for (let f = 0; f < 4; f++) {
      const at = b + 4 * f;
      const kind = it[at];
      if (f === 0 || f === 3) {
        // ids: text without escapes, or missing
        if (kind === K_NUMBER || kind === K_BOOL || (kind === K_STRING && (it[at + 3] & STRING_ESCAPES) !== 0))
          return false;
      } else if (kind === K_STRING) {
        // numbers given as text: plain decimals only
        if ((it[at + 3] & (STRING_ESCAPES | STRING_NON_ASCII)) !== 0) return false;
        if (it[at + 2] > it[at + 1] && !Number.isFinite(plainDecimal(buf, it[at + 1], it[at + 2]))) return false;
      }
    }
    return true;
  }

  /** One row per item into the batch (the record begun). */
  rows(batch: RecordRowsBatch, buf: Uint8Array): void {
    const it = this.items;
    for (let k = 0; k < this.count; k++) {
      batch.addRow();
      const b = 16 * k;
      idCell(batch, C_ITEM, buf, it, b + 0);
      numCell(batch, C_PRICE, buf, it, b + 4);
      numCell(batch, C_QUANTITY, buf, it, b + 8);
      idCell(batch, C_CATEGORY, buf, it, b + 12);
    }
  }
}
