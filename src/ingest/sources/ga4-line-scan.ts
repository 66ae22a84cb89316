import {
  latin1,
  memberKey,
  plainDecimal,
  sameBytes,
  scanNumber,
  scanString,
  skipScalar,
  skipSpace,
  skipValue,
  STRING_ESCAPES,
  STRING_NON_ASCII,
} from "../../io/json-scan.js";
import type { LineScanner } from "../../io/record-exploder.js";
import type { RecordRowsBatch } from "../../io/record-rows-batch.js";
import { writeInteger, type Ga4Tally } from "./ga4-columns.js";
import { KeyHasher } from "./nested-values.js";

/**
 * GA4's JSON export read field by field from a line's bytes, with no JSON.parse and no string per cell: the same rows,
 * counts and duplicate checks as Ga4Exploder.explode of JSON.parse(line). It reads only what it can read with
 * certainty: a line that is not valid JSON, nests too deep, repeats a field it reads, or holds a value of a kind it
 * does not read exactly as the record path would (an id with escapes or as a number, a time that is not a plain
 * number, ...) is left to JSON.parse (`scan` returns false and changes nothing).
 */
export class Ga4LineScanner implements LineScanner {
  /** time, name, user, session and order are the event's; item, price, quantity and category the item's */
  readonly perRecord = [true, true, true, true, false, false, false, false, true];
  private readonly flags = new Int32Array(1);
  private readonly key = new KeyHasher();
  private readonly v = new Values();
  private itemCount = 0;
  private items = new Int32Array(4 * 16 * 4);
  private sessionText = new Uint8Array(64);

  constructor(private readonly tally: Ga4Tally) {}

  /** Reads the line `buf[start, end)` (line number `line`) into `batch`; false when it is left to JSON.parse. */
  scan(buf: Uint8Array, start: number, end: number, line: number, batch: RecordRowsBatch): boolean {
    const v = this.v;
    v.clear();
    this.itemCount = 0;
    let i = skipSpace(buf, start, end);
    if (buf[i] !== 0x7b) return false;
    i = skipSpace(buf, i + 1, end);
    let seen = 0;
    if (buf[i] === 0x7d) i++;
    else
      for (;;) {
        if (buf[i] !== 0x22) return false;
        const k0 = i + 1;
        i = scanString(buf, i, end, this.flags);
        if (i < 0 || (this.flags[0] & STRING_ESCAPES) !== 0) return false;
        const field = topField(buf, k0, i - 1);
        i = skipSpace(buf, i, end);
        if (buf[i] !== 0x3a) return false;
        i = skipSpace(buf, i + 1, end);
        if (field >= 0) {
          if ((seen & (1 << field)) !== 0) return false; // JSON.parse keeps the last: left to it
          seen |= 1 << field;
        }
        if (field >= 0 && field < SCALARS) i = v.read(field, buf, i, end, this.flags);
        else if (field === F_PARAMS) i = this.params(buf, i, end);
        else if (field === F_ECOMMERCE) i = this.ecommerce(buf, i, end);
        else if (field === F_ITEMS) i = this.itemList(buf, i, end);
        else i = skipValue(buf, i, end, DEPTH, this.flags);
        if (i < 0) return false;
        i = skipSpace(buf, i, end);
        if (buf[i] === 0x2c) {
          i = skipSpace(buf, i + 1, end);
          continue;
        }
        if (buf[i] !== 0x7d) return false;
        i++;
        break;
      }
    if (skipSpace(buf, i, end) !== end) return false;
    return this.commit(buf, start, end, line, batch);
  }

  /** The record's rows, once the whole line is read: the same checks, counts and cells as the record path. */
  private commit(buf: Uint8Array, start: number, end: number, line: number, batch: RecordRowsBatch): boolean {
    const v = this.v;
    // which values the record path reads as this scanner can: strings without escapes, plain numbers, null, absent
    const pseudo = v.idOf(F_PSEUDO, buf, true);
    const name = v.idOf(F_NAME, buf, true);
    const user = v.idOf(F_USER, buf, false);
    const order = v.idOf(F_ORDER, buf, false);
    if (pseudo === BAIL || name === BAIL || user === BAIL || order === BAIL) return false;
    if (!v.rawKeyable(F_TS) || !v.rawKeyable(F_BUNDLE)) return false;
    const micros = v.numOf(F_TS, buf);
    if (micros === undefined) return false;
    const sessionId = this.sessionId(buf);
    if (sessionId === BAIL) return false;
    for (let k = 0; k < this.itemCount; k++) if (!this.itemReadable(buf, k)) return false;

    // the duplicate check: SeenKeys.hash of `${pseudo}|${event_timestamp}|${name}|${event_bundle_sequence_id}`
    const key = this.key.reset();
    if (pseudo === NONE) key.text("null");
    else key.bytes(buf, v.s[F_PSEUDO], v.e[F_PSEUDO]);
    v.rawKey(F_TS, buf, key.sep());
    key.sep();
    if (name === NONE) key.text("null");
    else key.bytes(buf, v.s[F_NAME], v.e[F_NAME]);
    v.rawKey(F_BUNDLE, buf, key.sep());
    if (this.tally.repeatHash(key.value())) return true;
    this.tally.identity(user !== NONE, pseudo !== NONE);

    batch.beginRecord(line, buf, start, end);
    if (micros !== micros) batch.missing(C_TS);
    else batch.number(C_TS, Math.floor(micros / 1000));
    v.cell(batch, C_EVENT, F_NAME, name, buf);
    if (user !== NONE) v.cell(batch, C_USER, F_USER, user, buf);
    else v.cell(batch, C_USER, F_PSEUDO, pseudo, buf);
    if (sessionId === NONE || pseudo === NONE) batch.missing(C_SESSION);
    else this.session(batch, buf);
    v.cell(batch, C_ORDER, F_ORDER, order, buf);
    if (this.itemCount === 0) {
      batch.addRow();
      return true;
    }
    const it = this.items;
    for (let k = 0; k < this.itemCount; k++) {
      batch.addRow();
      const b = 16 * k;
      idCell(batch, C_ITEM, buf, it, b + 0);
      numCell(batch, C_PRICE, buf, it, b + 4);
      numCell(batch, C_QUANTITY, buf, it, b + 8);
      idCell(batch, C_CATEGORY, buf, it, b + 12);
    }
    return true;
  }

  /** event_params: the value of the first element whose key is "ga_session_id" (see sessionOf in ga4.ts). */
  private params(buf: Uint8Array, i: number, end: number): number {
    const v = this.v;
    v.sessionFrom = -1;
    if (buf[i] !== 0x5b) return skipValue(buf, i, end, DEPTH, this.flags);
    i = skipSpace(buf, i + 1, end);
    if (buf[i] === 0x5d) return i + 1;
    for (;;) {
      if (buf[i] === 0x7b && v.sessionFrom < 0) {
        const at = i;
        i = this.param(buf, i, end);
        if (i === FOUND) {
          v.sessionFrom = at;
          i = skipValue(buf, at, end, DEPTH - 1, this.flags);
        }
      } else i = skipValue(buf, i, end, DEPTH - 1, this.flags);
      if (i < 0) return -1;
      i = skipSpace(buf, i, end);
      if (buf[i] === 0x2c) i = skipSpace(buf, i + 1, end);
      else if (buf[i] === 0x5d) return i + 1;
      else return -1;
    }
  }

  /** One element of event_params: past it, FOUND when its key is "ga_session_id" (its value read), or -1. */
  private param(buf: Uint8Array, i: number, end: number): number {
    const v = this.v;
    let isSession = false;
    let seen = 0;
    i = skipSpace(buf, i + 1, end);
    if (buf[i] === 0x7d) return i + 1;
    v.clearSession();
    for (;;) {
      const k0 = i + 1;
      i = memberKey(buf, i, end, this.flags);
      if (i < 0 || (this.flags[0] & STRING_ESCAPES) !== 0) return -1;
      const f = sameBytes(buf, k0, keyEnd(buf, k0), KEY) ? 1 : sameBytes(buf, k0, keyEnd(buf, k0), VALUE) ? 2 : 0;
      if (f !== 0 && (seen & f) !== 0) return -1;
      seen |= f;
      if (f === 1) {
        if (buf[i] === 0x22) {
          const s = i + 1;
          i = scanString(buf, i, end, this.flags);
          if (i < 0 || (this.flags[0] & STRING_ESCAPES) !== 0) return -1;
          isSession = sameBytes(buf, s, i - 1, SESSION_KEY);
        } else i = skipValue(buf, i, end, DEPTH - 2, this.flags);
      } else if (f === 2 && buf[i] === 0x7b) i = this.paramValue(buf, i, end);
      else i = skipValue(buf, i, end, DEPTH - 2, this.flags);
      if (i < 0) return -1;
      i = skipSpace(buf, i, end);
      if (buf[i] === 0x2c) {
        i = skipSpace(buf, i + 1, end);
        continue;
      }
      if (buf[i] !== 0x7d) return -1;
      return isSession ? FOUND : i + 1;
    }
  }

  /** A parameter's value struct: int_value, string_value, double_value, float_value. */
  private paramValue(buf: Uint8Array, i: number, end: number): number {
    const v = this.v;
    let seen = 0;
    i = skipSpace(buf, i + 1, end);
    if (buf[i] === 0x7d) return i + 1;
    for (;;) {
      const k0 = i + 1;
      i = memberKey(buf, i, end, this.flags);
      if (i < 0 || (this.flags[0] & STRING_ESCAPES) !== 0) return -1;
      const ke = keyEnd(buf, k0);
      let f = -1;
      for (let c = 0; c < VALUE_KEYS.length; c++) if (sameBytes(buf, k0, ke, VALUE_KEYS[c])) f = c;
      if (f >= 0) {
        if ((seen & (1 << f)) !== 0) return -1;
        seen |= 1 << f;
        i = v.read(F_SESSION0 + f, buf, i, end, this.flags);
      } else i = skipValue(buf, i, end, DEPTH - 3, this.flags);
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

  /** The session id value's field (F_SESSION0 + c), NONE, or BAIL (see sessionOf: the first id of the four). */
  private sessionId(buf: Uint8Array): number {
    const v = this.v;
    if (v.sessionFrom < 0) return NONE;
    for (let c = 0; c < VALUE_KEYS.length; c++) {
      const f = F_SESSION0 + c;
      const id = v.idOf(f, buf, false, true);
      if (id === BAIL) return BAIL;
      if (id === NONE) continue;
      if (v.kind[f] === K_NUMBER && !Number.isSafeInteger(plainDecimal(buf, v.s[f], v.e[f]))) return BAIL;
      v.sessionField = f;
      return f;
    }
    return NONE;
  }

  /** "<user_pseudo_id>.<session id>" into the batch. */
  private session(batch: RecordRowsBatch, buf: Uint8Array): void {
    const v = this.v;
    const f = v.sessionField;
    const p = v.e[F_PSEUDO] - v.s[F_PSEUDO];
    const need = p + 1 + Math.max(17, v.e[f] - v.s[f]);
    if (need > this.sessionText.length) this.sessionText = new Uint8Array(need * 2);
    const out = this.sessionText;
    for (let k = 0; k < p; k++) out[k] = buf[v.s[F_PSEUDO] + k];
    out[p] = 0x2e;
    let at = p + 1;
    if (v.kind[f] === K_NUMBER) at = writeInteger(out, at, plainDecimal(buf, v.s[f], v.e[f]));
    else {
      for (let k = v.s[f]; k < v.e[f]; k++) out[at++] = buf[k];
    }
    batch.text(C_SESSION, out, 0, at);
  }

  /** ecommerce: its transaction_id. */
  private ecommerce(buf: Uint8Array, i: number, end: number): number {
    if (buf[i] !== 0x7b) return skipValue(buf, i, end, DEPTH, this.flags);
    let seen = false;
    i = skipSpace(buf, i + 1, end);
    if (buf[i] === 0x7d) return i + 1;
    for (;;) {
      const k0 = i + 1;
      i = memberKey(buf, i, end, this.flags);
      if (i < 0 || (this.flags[0] & STRING_ESCAPES) !== 0) return -1;
      if (sameBytes(buf, k0, keyEnd(buf, k0), TRANSACTION_ID)) {
        if (seen) return -1;
        seen = true;
        i = this.v.read(F_ORDER, buf, i, end, this.flags);
      } else i = skipValue(buf, i, end, DEPTH - 1, this.flags);
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

  /** items: each object element's item_id, price, quantity and item_category (other elements are skipped). */
  private itemList(buf: Uint8Array, i: number, end: number): number {
    if (buf[i] !== 0x5b) return skipValue(buf, i, end, DEPTH, this.flags);
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
    const k = this.itemCount++;
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
  private itemReadable(buf: Uint8Array, k: number): boolean {
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
}

/** id(v) of an item's id cell: text, or missing ("", "(not set)", null, absent, an object). */
function idCell(batch: RecordRowsBatch, c: number, buf: Uint8Array, it: Int32Array, at: number): void {
  if (it[at] === K_STRING && !isPlaceholder(buf, it[at + 1], it[at + 2])) batch.text(c, buf, it[at + 1], it[at + 2]);
  else batch.missing(c);
}

/** num(v) of an item's number cell: a number, or missing ("", null, absent, a boolean, an object). */
function numCell(batch: RecordRowsBatch, c: number, buf: Uint8Array, it: Int32Array, at: number): void {
  const kind = it[at];
  if (kind === K_NUMBER) batch.number(c, jsonNumber(buf, it[at + 1], it[at + 2]));
  else if (kind === K_STRING && it[at + 2] > it[at + 1]) batch.number(c, plainDecimal(buf, it[at + 1], it[at + 2]));
  else batch.missing(c);
}

/** JSON.parse's value of the JSON number `buf[s, e)`. */
function jsonNumber(buf: Uint8Array, s: number, e: number): number {
  const v = plainDecimal(buf, s, e);
  return v === v ? v : Number(latin1(buf, s, e));
}

function isPlaceholder(buf: Uint8Array, s: number, e: number): boolean {
  return s === e || sameBytes(buf, s, e, NOT_SET);
}

/** The closing quote of the key string starting at k0 (a key without escapes). */
function keyEnd(buf: Uint8Array, k0: number): number {
  let i = k0;
  while (buf[i] !== 0x22) i++;
  return i;
}

function topField(buf: Uint8Array, s: number, e: number): number {
  for (let f = 0; f < TOP_KEYS.length; f++) if (sameBytes(buf, s, e, TOP_KEYS[f])) return f;
  return -1;
}

/** Scalar values read by field: kind, and the span (a string's content, a number's text). */
class Values {
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
const TOP_KEYS = [
  "event_timestamp",
  "event_name",
  "user_id",
  "user_pseudo_id",
  "event_bundle_sequence_id",
  "event_params",
  "ecommerce",
  "items",
].map(ascii);
const F_TS = 0;
const F_NAME = 1;
const F_USER = 2;
const F_PSEUDO = 3;
const F_BUNDLE = 4;
const SCALARS = 5;
const F_PARAMS = 5;
const F_ECOMMERCE = 6;
const F_ITEMS = 7;
const F_ORDER = 8;
const F_SESSION0 = 9;
const FIELDS = 13;
const VALUE_KEYS = ["int_value", "string_value", "double_value", "float_value"].map(ascii);
const ITEM_KEYS = ["item_id", "price", "quantity", "item_category"].map(ascii);
const KEY = ascii("key");
const VALUE = ascii("value");
const SESSION_KEY = ascii("ga_session_id");
const TRANSACTION_ID = ascii("transaction_id");
const NOT_SET = ascii("(not set)");
/** Nesting the record path reads (MAX_JSON_DEPTH 64, the line's object is level 1): deeper is left to it. */
const DEPTH = 60;
const K_ABSENT = 0;
const K_NULL = 1;
const K_STRING = 2;
const K_NUMBER = 3;
const K_BOOL = 4;
const K_OTHER = 5;
const NONE = -2;
const BAIL = -3;
const PRESENT = -4;
const FOUND = -5;
/** Columns of the GA4 exploder (ROW_FIELDS order). */
const C_TS = 0;
const C_EVENT = 1;
const C_USER = 2;
const C_SESSION = 3;
const C_ITEM = 4;
const C_PRICE = 5;
const C_QUANTITY = 6;
const C_CATEGORY = 7;
const C_ORDER = 8;
