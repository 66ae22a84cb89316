import {
  latin1,
  plainDecimal,
  sameBytes,
  scanNumber,
  scanString,
  skipScalar,
  skipValue,
  STRING_ESCAPES,
  STRING_NON_ASCII,
} from "../../io/json-scan.js";
import type { RecordRowsBatch } from "../../io/record-rows-batch.js";
import type { KeyHasher } from "./nested-values.js";

/*
 * The values Ga4LineScanner reads from a GA4 line, and what each turns into as the record path (Ga4Exploder.explode of
 * JSON.parse) reads it: id(v) and num(v) of src/ingest/sources/nested-values.ts, String(v) of the duplicate key.
 */

/** id(v) of an item's id cell: text, or missing ("", "(not set)", null, absent, an object). */
export function idCell(batch: RecordRowsBatch, c: number, buf: Uint8Array, it: Int32Array, at: number): void {
  if (it[at] === K_STRING && !isPlaceholder(buf, it[at + 1], it[at + 2])) batch.text(c, buf, it[at + 1], it[at + 2]);
  else batch.missing(c);
}

/** num(v) of an item's number cell: a number, or missing ("", null, absent, a boolean, an object). */
export function numCell(batch: RecordRowsBatch, c: number, buf: Uint8Array, it: Int32Array, at: number): void {
  const kind = it[at];
  if (kind === K_NUMBER) batch.number(c, jsonNumber(buf, it[at + 1], it[at + 2]));
  else if (kind === K_STRING && it[at + 2] > it[at + 1]) batch.number(c, plainDecimal(buf, it[at + 1], it[at + 2]));
  else batch.missing(c);
}

/** JSON.parse's value of the JSON number `buf[s, e)`. */
export function jsonNumber(buf: Uint8Array, s: number, e: number): number {
  const v = plainDecimal(buf, s, e);
  return v === v ? v : Number(latin1(buf, s, e));
}

export function isPlaceholder(buf: Uint8Array, s: number, e: number): boolean {
  return s === e || sameBytes(buf, s, e, NOT_SET);
}

/** The closing quote of the key string starting at k0 (a key without escapes). */
export function keyEnd(buf: Uint8Array, k0: number): number {
  let i = k0;
  while (buf[i] !== 0x22) i++;
  return i;
}

export function topField(buf: Uint8Array, s: number, e: number): number {
  for (let f = 0; f < TOP_KEYS.length; f++) if (sameBytes(buf, s, e, TOP_KEYS[f])) return f;
  return -1;
}

/** Scalar values read by field: kind, and the span (a string's content, a number's text). */
export class Values {
  readonly kind = new Int32Array(FIELDS);
  readonly s = new Int32Array(FIELDS);
  readonly e = new Int32Array(FIELDS);
  readonly flags = new Int32Array(FIELDS);
  /** Where the ga_session_id element starts (-1: none), and the value field the session id comes from. */
  sessionFrom = -1;
  sessionField = -1;

  clear(): void {
    this.kind.fill(K_ABSENT);
    this.sessionFrom = -1;
  }
  clearSession(): void {
    for (let c = 0; c < VALUE_KEYS.length; c++) this.kind[F_SESSION0 + c] = K_ABSENT;
  }

  /** Reads the value at i into field f: a scalar, or an object or array (K_OTHER, skipped). */
  read(f: number, buf: Uint8Array, i: number, end: number, flags: Int32Array): number {
    const c = buf[i];
    if (c === 0x7b || c === 0x5b) {
      this.kind[f] = K_OTHER;
      return skipValue(buf, i, end, DEPTH, flags);
    }
    const s = i;
    if (c === 0x22) {
      i = scanString(buf, i, end, flags);
      if (i < 0) return -1;
      this.kind[f] = K_STRING;
      this.s[f] = s + 1;
      this.e[f] = i - 1;
      this.flags[f] = flags[0];
      return i;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      i = scanNumber(buf, i, end);
      this.kind[f] = K_NUMBER;
    } else {
      i = skipScalar(buf, i, end, flags);
      this.kind[f] = c === 0x6e ? K_NULL : K_BOOL;
    }
    this.s[f] = s;
    this.e[f] = i;
    return i;
  }

  /**
   * id(v) of field f: PRESENT (a string to use), NONE, or BAIL (a value the record path turns into other text: a
   * number, a boolean, escapes; with `asciiOnly`, non-ASCII text, which the duplicate key hashes as UTF-16).
   * `numbers`: a number is an id (the session id value).
   */
  idOf(f: number, buf: Uint8Array, asciiOnly: boolean, numbers = false): number {
    const kind = this.kind[f];
    if (kind === K_ABSENT || kind === K_NULL || kind === K_OTHER) return NONE;
    if (kind === K_NUMBER) return numbers ? PRESENT : BAIL;
    if (kind === K_BOOL) return BAIL;
    const fl = this.flags[f];
    if ((fl & STRING_ESCAPES) !== 0 || (asciiOnly && (fl & STRING_NON_ASCII) !== 0)) return BAIL;
    return isPlaceholder(buf, this.s[f], this.e[f]) ? NONE : PRESENT;
  }

  /** Whether String(raw value) of f is read here: absent, null, a plain-ASCII string or a number. */
  rawKeyable(f: number): boolean {
    const kind = this.kind[f];
    if (kind === K_OTHER || kind === K_BOOL) return false;
    return kind !== K_STRING || (this.flags[f] & (STRING_ESCAPES | STRING_NON_ASCII)) === 0;
  }

  /** String(raw value) of f into the key ("undefined" when absent). */
  rawKey(f: number, buf: Uint8Array, key: KeyHasher): void {
    const kind = this.kind[f];
    if (kind === K_ABSENT) key.text("undefined");
    else if (kind === K_NULL) key.text("null");
    else if (kind === K_STRING) key.bytes(buf, this.s[f], this.e[f]);
    else key.number(jsonNumber(buf, this.s[f], this.e[f]));
  }

  /** num(v) of field f: the number, NaN when there is none, or undefined for text that is not a plain decimal. */
  numOf(f: number, buf: Uint8Array): number | undefined {
    const kind = this.kind[f];
    if (kind === K_NUMBER) return jsonNumber(buf, this.s[f], this.e[f]);
    if (kind !== K_STRING || this.e[f] === this.s[f]) return NaN;
    if ((this.flags[f] & (STRING_ESCAPES | STRING_NON_ASCII)) !== 0) return undefined;
    const v = plainDecimal(buf, this.s[f], this.e[f]);
    return Number.isFinite(v) ? v : undefined;
  }

  /** A record cell from field f, whose idOf is `id`. */
  cell(batch: RecordRowsBatch, c: number, f: number, id: number, buf: Uint8Array): void {
    if (id === NONE) batch.missing(c);
    else batch.text(c, buf, this.s[f], this.e[f]);
  }
}

const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
export const TOP_KEYS = [
  "event_timestamp",
  "event_name",
  "user_id",
  "user_pseudo_id",
  "event_bundle_sequence_id",
  "event_params",
  "ecommerce",
  "items",
].map(ascii);
export const F_TS = 0;
export const F_NAME = 1;
export const F_USER = 2;
export const F_PSEUDO = 3;
export const F_BUNDLE = 4;
export const SCALARS = 5;
export const F_PARAMS = 5;
export const F_ECOMMERCE = 6;
export const F_ITEMS = 7;
export const F_ORDER = 8;
export const F_SESSION0 = 9;
export const FIELDS = 13;
export const VALUE_KEYS = ["int_value", "string_value", "double_value", "float_value"].map(ascii);
export const ITEM_KEYS = ["item_id", "price", "quantity", "item_category"].map(ascii);
export const KEY = ascii("key");
export const VALUE = ascii("value");
export const SESSION_KEY = ascii("ga_session_id");
export const TRANSACTION_ID = ascii("transaction_id");
export const NOT_SET = ascii("(not set)");
/** Nesting the record path reads (MAX_JSON_DEPTH 64, the line's object is level 1): deeper is left to it. */
export const DEPTH = 60;
export const K_ABSENT = 0;
export const K_NULL = 1;
export const K_STRING = 2;
export const K_NUMBER = 3;
export const K_BOOL = 4;
export const K_OTHER = 5;
export const NONE = -2;
export const BAIL = -3;
export const PRESENT = -4;
export const FOUND = -5;
/** Columns of the GA4 exploder (ROW_FIELDS order). */
export const C_TS = 0;
export const C_EVENT = 1;
export const C_USER = 2;
export const C_SESSION = 3;
export const C_ITEM = 4;
export const C_PRICE = 5;
export const C_QUANTITY = 6;
export const C_CATEGORY = 7;
export const C_ORDER = 8;
