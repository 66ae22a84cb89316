/**
 * Byte-level reading of one JSON value without JSON.parse: the pieces a field scanner (see
 * ingest/sources/ga4-line-scan.ts) walks a line with. Every function answers only when it is certain: it returns -1
 * (or NaN) for anything it does not read exactly as JSON.parse would, including text that is not valid JSON or not
 * valid UTF-8; the caller then falls back to JSON.parse, which reports the line's problem as before.
 */

import { utf8SequenceEnd } from "./json-bytes.js";

/** Past the JSON whitespace (space, tab, CR, LF) from `i`. */
export function skipSpace(buf: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = buf[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** What scanString found in the string it read (bits). */
export const STRING_ESCAPES = 1;
export const STRING_NON_ASCII = 2;

/**
 * Reads the string whose opening quote is at `i`: returns the index past its closing quote, or -1 when it is not a
 * valid JSON string of valid UTF-8. `flags[0]` gets STRING_ESCAPES and STRING_NON_ASCII bits.
 */
export function scanString(buf: Uint8Array, i: number, end: number, flags: Int32Array): number {
  let f = 0;
  for (i++; i < end;) {
    const c = buf[i];
    if (c === 0x22) {
      flags[0] = f;
      return i + 1;
    }
    if (c < 0x20) return -1; // a control character must be escaped
    if (c === 0x5c) {
      f |= STRING_ESCAPES;
      const e = buf[i + 1];
      if (e === 0x75) {
        for (let k = 2; k < 6; k++) if (i + k >= end || HEX[buf[i + k]] === 0) return -1;
        i += 6;
      } else if (i + 1 < end && ESCAPES[e] === 1) i += 2;
      else return -1;
      continue;
    }
    if (c < 0x80) {
      i++;
      continue;
    }
    f |= STRING_NON_ASCII;
    i = utf8SequenceEnd(buf, i, end);
    if (i < 0) return -1;
  }
  return -1;
}

/** Past the JSON number at `i`, or -1 when the text there is not one (RFC 8259 grammar). */
export function scanNumber(buf: Uint8Array, i: number, end: number): number {
  if (buf[i] === 0x2d) i++;
  if (i >= end) return -1;
  if (buf[i] === 0x30) i++;
  else if (isDigit(buf[i])) while (i < end && isDigit(buf[i])) i++;
  else return -1;
  if (i < end && buf[i] === 0x2e) {
    i++;
    if (i >= end || !isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    if (i < end && (buf[i] === 0x2b || buf[i] === 0x2d)) i++;
    if (i >= end || !isDigit(buf[i])) return -1;
    while (i < end && isDigit(buf[i])) i++;
  }
  return i;
}

/** Past the literal `word` (true, false, null) at `i`, or -1. */
export function scanWord(buf: Uint8Array, i: number, end: number, word: Uint8Array): number {
  if (i + word.length > end) return -1;
  for (let k = 0; k < word.length; k++) if (buf[i + k] !== word[k]) return -1;
  return i + word.length;
}

/**
 * Past the JSON value at `i` (after any whitespace), or -1 when it is not valid JSON or nests deeper than `depth`
 * more levels. Walks nested values without recursion.
 */
export function skipValue(buf: Uint8Array, i: number, end: number, depth: number, flags: Int32Array): number {
  // the open containers: 1 for an object, 2 for an array
  const stack = STACK.length >= depth ? STACK : new Uint8Array(depth);
  let top = 0;
  for (;;) {
    i = skipSpace(buf, i, end);
    if (i >= end) return -1;
    const c = buf[i];
    if (c === 0x7b || c === 0x5b) {
      if (top >= depth) return -1;
      const obj = c === 0x7b;
      stack[top++] = obj ? 1 : 2;
      i = skipSpace(buf, i + 1, end);
      if (buf[i] === (obj ? 0x7d : 0x5d)) {
        top--;
        i++;
      } else if (obj) {
        i = memberKey(buf, i, end, flags);
        if (i < 0) return -1;
        continue; // the member's value
      } else continue; // the first element
    } else {
      i = skipScalar(buf, i, end, flags);
      if (i < 0) return -1;
    }
    // after a value: a comma and the next member or element, or the containers' closings
    for (;;) {
      if (top === 0) return i;
      i = skipSpace(buf, i, end);
      const inObject = stack[top - 1] === 1;
      if (buf[i] === 0x2c) {
        i++;
        if (inObject) {
          i = memberKey(buf, skipSpace(buf, i, end), end, flags);
          if (i < 0) return -1;
        }
        break;
      }
      if (buf[i] !== (inObject ? 0x7d : 0x5d)) return -1;
      top--;
      i++;
    }
  }
}

/** Past `"key" :` at `i` (whitespace skipped before the colon and after it), or -1. */
export function memberKey(buf: Uint8Array, i: number, end: number, flags: Int32Array): number {
  if (buf[i] !== 0x22) return -1;
  i = scanString(buf, i, end, flags);
  if (i < 0) return -1;
  i = skipSpace(buf, i, end);
  if (buf[i] !== 0x3a) return -1;
  return skipSpace(buf, i + 1, end);
}

/** Past the string, number or literal at `i`, or -1. */
export function skipScalar(buf: Uint8Array, i: number, end: number, flags: Int32Array): number {
  const c = buf[i];
  if (c === 0x22) return scanString(buf, i, end, flags);
  if (c === 0x2d || isDigit(c)) return scanNumber(buf, i, end);
  if (c === 0x74) return scanWord(buf, i, end, TRUE);
  if (c === 0x66) return scanWord(buf, i, end, FALSE);
  if (c === 0x6e) return scanWord(buf, i, end, NULL);
  return -1;
}

/**
 * Number(text) of the ASCII text `buf[s, e)` when it is a plain decimal (-?digits, optionally .digits), as JSON.parse
 * and Number give it: exact for up to 15 significant digits (an integer below 2^53 divided by a power of ten up to
 * 10^22 is rounded once, correctly), through Number() otherwise. NaN when the text is not a plain decimal.
 */
export function plainDecimal(buf: Uint8Array, s: number, e: number): number {
  let i = s;
  const neg = buf[i] === 0x2d;
  if (neg) i++;
  const first = i;
  let m = 0;
  while (i < e && isDigit(buf[i])) m = m * 10 + (buf[i++] - 0x30);
  if (i === first) return NaN;
  let digits = i - first;
  let scale = 1;
  if (i < e && buf[i] === 0x2e) {
    const point = ++i;
    while (i < e && isDigit(buf[i])) {
      m = m * 10 + (buf[i++] - 0x30);
      scale *= 10;
    }
    if (i === point) return NaN;
    digits += i - point;
  }
  if (i !== e) return NaN;
  if (digits > 15 || scale > 1e22) return Number(latin1(buf, s, e));
  const v = scale === 1 ? m : m / scale;
  return neg ? -v : v;
}

/** The text of ASCII bytes. */
export function latin1(buf: Uint8Array, s: number, e: number): string {
  let out = "";
  for (let i = s; i < e; i++) out += String.fromCharCode(buf[i]);
  return out;
}

/** True when `buf[s, e)` equals `want`. */
export function sameBytes(buf: Uint8Array, s: number, e: number, want: Uint8Array): boolean {
  if (e - s !== want.length) return false;
  for (let k = 0; k < want.length; k++) if (buf[s + k] !== want[k]) return false;
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

const ascii = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const TRUE = ascii("true");
const FALSE = ascii("false");
const NULL = ascii("null");
const STACK = new Uint8Array(64);
const HEX = new Uint8Array(256);
for (const ch of "0123456789abcdefABCDEF") HEX[ch.charCodeAt(0)] = 1;
const ESCAPES = new Uint8Array(256);
for (const ch of '"\\/bfnrt') ESCAPES[ch.charCodeAt(0)] = 1;
