import {
  memberKey,
  plainDecimal,
  sameBytes,
  scanString,
  skipSpace,
  skipValue,
  STRING_ESCAPES,
} from "../../io/json-scan.js";
import type { LineScanner } from "../../io/record-exploder.js";
import type { RecordRowsBatch } from "../../io/record-rows-batch.js";
import type { Ga4Tally } from "./ga4-columns.js";
import { writeInteger } from "./ga4-sessions.js";
import { KeyHasher } from "./nested-values.js";
import { Ga4LineItems } from "./ga4-line-items.js";
import {
  BAIL,
  C_EVENT,
  C_ORDER,
  C_SESSION,
  C_TS,
  C_USER,
  DEPTH,
  F_BUNDLE,
  F_ECOMMERCE,
  F_ITEMS,
  F_NAME,
  F_ORDER,
  F_PARAMS,
  F_PSEUDO,
  F_SESSION0,
  F_TS,
  F_USER,
  FOUND,
  K_NUMBER,
  KEY,
  keyEnd,
  NONE,
  SCALARS,
  SESSION_KEY,
  topField,
  TRANSACTION_ID,
  VALUE,
  VALUE_KEYS,
  Values,
} from "./ga4-line-values.js";

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
  private readonly items = new Ga4LineItems(this.flags);
  private sessionText = new Uint8Array(64);

  constructor(private readonly tally: Ga4Tally) {}

  /** Reads the line `buf[start, end)` (line number `line`) into `batch`; false when it is left to JSON.parse. */
  scan(buf: Uint8Array, start: number, end: number, line: number, batch: RecordRowsBatch): boolean {
    const v = this.v;
    v.clear();
    this.items.count = 0;
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
        else if (field === F_ITEMS) i = this.items.list(buf, i, end);
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
    for (let k = 0; k < this.items.count; k++) if (!this.items.readable(buf, k)) return false;

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
    if (this.items.count === 0) batch.addRow();
    else this.items.rows(batch, buf);
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
}
