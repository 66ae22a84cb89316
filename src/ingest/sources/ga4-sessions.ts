import { Type, type Data } from "apache-arrow";
import { isValidAt } from "../../io/arrow-validity.js";
import { int64At, int64Halves, isTextData, type TextSpans } from "../../io/exploded-batch.js";
import {
  CELL_BYTES,
  CELL_MISSING,
  CELL_NUMBER,
  CursorBase,
  type CellCursor,
  type CellType,
} from "../../io/raw-batch.js";
import { arrowCursor } from "../../io/read-parquet.js";

export const NOT_SET = new TextEncoder().encode("(not set)");
const SESSION_KEY = new TextEncoder().encode("ga_session_id");
const EMPTY = new Uint8Array(0);

/** "<user_pseudo_id>.<ga_session_id>" per event (empty when either is missing), as the record path builds it. */
export function sessions(params: Data | null, pseudo: TextSpans, n: number): TextSpans {
  const starts = new Int32Array(n);
  const ends = new Int32Array(n);
  let bytes: Uint8Array = new Uint8Array(n * 32);
  let at = 0;
  const entry = params?.typeId === Type.List ? params.children[0] : null;
  const fields = entry?.typeId === Type.Struct ? fieldsOf(entry) : [];
  const keyData = entry ? childOf(entry, fields, "key") : null;
  const keyCur = isTextData(keyData) ? arrowCursor(keyData) : null;
  const value = entry ? childOf(entry, fields, "value") : null;
  const choices =
    value?.typeId === Type.Struct
      ? ["int_value", "string_value", "double_value", "float_value"].map((f) => childOf(value, fieldsOf(value), f))
      : [];
  const valueCurs = choices.map((d) => (d ? arrowCursor(d) : MISSING));
  const offsets = params?.valueOffsets as Int32Array | undefined;
  // the export's common types read straight from their buffers: plain Utf8 keys, int_value as 64-bit integers
  const keys = keyData?.typeId === Type.Utf8 ? keyData : null;
  const keyBytes = keys ? (keys.values as Uint8Array) : EMPTY;
  const keyOffsets = keys ? (keys.valueOffsets as Int32Array) : null;
  const ints = choices[0]?.typeId === Type.Int ? choices[0] : null;
  const halves = ints ? int64Halves(ints) : null;
  for (let e = 0; e < n; e++) {
    const p0 = pseudo.starts[e];
    const p1 = pseudo.ends[e];
    if (!params || !offsets || !keyCur || !value || !isValidAt(params, e) || p1 <= p0) continue;
    let id: CellCursor | null = null;
    let whole = false;
    let num = 0;
    for (let j = offsets[params.offset + e]; j < offsets[params.offset + e + 1]; j++) {
      if (!isValidAt(entry!, j)) continue;
      if (keyOffsets) {
        const k = keys!.offset + j;
        if (!isValidAt(keys!, j) || !sameAt(keyBytes, keyOffsets[k], keyOffsets[k + 1], SESSION_KEY)) continue;
      } else if (!sameBytes(keyCur, j, SESSION_KEY)) continue;
      if (!isValidAt(value, j)) break;
      // a whole int_value below 2^53 (the export's ga_session_id) as is, anything else as firstValue reads it
      const v = halves && isValidAt(ints!, j) ? int64At(halves, ints!.offset + j) : NaN;
      if (Number.isSafeInteger(v)) {
        whole = true;
        num = v;
        id = valueCurs[0];
      } else id = firstValue(valueCurs, j);
      break;
    }
    if (id === null) continue;
    // the value's text: its bytes, or the decimal text of a number (written digit by digit when it is whole)
    if (!whole && id.end === -1 && Number.isSafeInteger(id.num)) {
      whole = true;
      num = id.num;
    }
    const text = id.end === -1 && !whole ? String(id.num) : null;
    const need = at + (p1 - p0) + 1 + (whole ? 17 : text === null ? id.end - id.start : text.length * 3);
    if (need > bytes.length) bytes = grow(bytes, need);
    starts[e] = at;
    // byte by byte: a subarray and a set() call per event cost more than copying ~16 bytes
    const pb = pseudo.buf;
    for (let k = p0; k < p1; k++) bytes[at++] = pb[k];
    bytes[at++] = 0x2e; // "."
    if (whole) at = writeInteger(bytes, at, num);
    else if (text === null) {
      bytes.set(id.buf.subarray(id.start, id.end), at);
      at += id.end - id.start;
    } else at += ENCODER.encodeInto(text, bytes.subarray(at)).written;
    ends[e] = at;
  }
  return { buf: bytes, alt: bytes, starts, ends };
}

/**
 * The first of the value cursors with a value at `j` ("(not set)" text counts as none), left on it, with `end` set to
 * -1 when the value is a number; or null.
 */
function firstValue(cursors: CellCursor[], j: number): CellCursor | null {
  for (const c of cursors) {
    const t = c.at(j);
    if (t === CELL_BYTES && !(c.end - c.start === NOT_SET.length && sameSpan(c, NOT_SET))) return c;
    if (t === CELL_NUMBER) {
      c.end = -1;
      return c;
    }
  }
  return null;
}

/** Writes String(v) of a whole number below 2^53 at `at` (at most 17 bytes); returns where it ends. */
export function writeInteger(bytes: Uint8Array, at: number, v: number): number {
  if (v < 0) {
    bytes[at++] = 0x2d; // "-"
    v = -v;
  }
  let digits = 1;
  for (let p = 10; p <= v; p *= 10) digits++;
  const end = at + digits;
  // two 32-bit halves: the low 8 digits, then the rest
  const high = v >= 1e8 ? Math.floor(v / 1e8) : 0;
  let low = v - high * 1e8;
  let i = end;
  do {
    const q = (low / 10) | 0;
    bytes[--i] = 0x30 + low - q * 10;
    low = q;
  } while (low > 0 || (high > 0 && end - i < 8));
  for (let h = high; h > 0;) {
    const q = (h / 10) | 0;
    bytes[--i] = 0x30 + h - q * 10;
    h = q;
  }
  return end;
}

function sameBytes(c: CellCursor, row: number, want: Uint8Array): boolean {
  return c.at(row) === CELL_BYTES && c.end - c.start === want.length && sameSpan(c, want);
}

function sameAt(buf: Uint8Array, start: number, end: number, want: Uint8Array): boolean {
  if (end - start !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (buf[start + i] !== want[i]) return false;
  return true;
}

function sameSpan(c: CellCursor, want: Uint8Array): boolean {
  for (let i = 0; i < want.length; i++) if (c.buf[c.start + i] !== want[i]) return false;
  return true;
}

export function childOf(d: Data, fields: readonly { name: string }[], name: string): Data | null {
  const i = fields.findIndex((f) => f.name === name);
  return i < 0 ? null : (d.children[i] as Data);
}

export function fieldsOf(d: Data): { name: string }[] {
  return (d.type as { children: { name: string }[] }).children;
}

function grow(bytes: Uint8Array, need: number): Uint8Array {
  const next = new Uint8Array(Math.max(need, bytes.length * 2));
  next.set(bytes);
  return next;
}

class Missing extends CursorBase {
  at(): CellType {
    return CELL_MISSING;
  }
}
export const MISSING = new Missing();
const ENCODER = new TextEncoder();
