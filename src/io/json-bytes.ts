/**
 * JSON read and written as UTF-8 bytes, for hot line formats (the batch queries and answers) where
 * decoding each line to a string and parsing it costs more than the work asked of it.
 *
 * Readers take a line b[start, end) and may look at b[end], which must be a byte that cannot continue
 * a JSON token (the line's newline): that spares a bounds check on every peek.
 */

/**
 * The index of the closing quote of the JSON string whose content starts at `p`, when the string is
 * plain: no escapes, no control characters and well-formed UTF-8, so that its bytes are exactly those
 * of its decoded text (and of that text's JSON.stringify, quotes aside); -1 otherwise.
 */
export function plainStringEnd(b: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = b[p];
    if (c === 34) return p;
    if (c < 0x20 || c === 92) return -1;
    if (c < 0x80) p++;
    else if ((p = utf8SequenceEnd(b, p, end)) < 0) return -1;
  }
  return -1;
}

/** Whether b[start, end) is plain string content (see plainStringEnd). */
export function isPlainString(b: Uint8Array, start: number, end: number): boolean {
  for (let p = start; p < end;) {
    const c = b[p];
    if (c < 0x20 || c === 34 || c === 92) return false;
    if (c < 0x80) p++;
    else if ((p = utf8SequenceEnd(b, p, end)) < 0) return false;
  }
  return true;
}

/**
 * The index after the well-formed UTF-8 sequence of more than one byte starting at p (RFC 3629: no overlongs,
 * surrogates or code points past U+10FFFF), or -1.
 */
export function utf8SequenceEnd(b: Uint8Array, p: number, end: number): number {
  const c = b[p];
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 1;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 2;
    if (c === 0xe0) lo = 0xa0;
    else if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 3;
    if (c === 0xf0) lo = 0x90;
    else if (c === 0xf4) hi = 0x8f;
  } else return -1;
  if (p + n >= end) return -1;
  if (b[p + 1] < lo || b[p + 1] > hi) return -1;
  for (let x = 2; x <= n; x++) if ((b[p + x] & 0xc0) !== 0x80) return -1;
  return p + n + 1;
}

const MAX_DEPTH = 64;

/**
 * The index after the JSON value that starts at `p` (no whitespace before it), or -1 if there is no
 * valid value there (or it nests deeper than 64: the caller then leaves the line to JSON.parse).
 */
export function skipJsonValue(b: Uint8Array, p: number, end: number, depth = 0): number {
  if (p >= end) return -1;
  const c = b[p];
  if (c === 34) return skipString(b, p + 1, end);
  if (c === 45 || (c >= 48 && c <= 57)) return skipNumber(b, p, end);
  if (c === 116) return literalEnd(b, p, end, "true");
  if (c === 102) return literalEnd(b, p, end, "false");
  if (c === 110) return literalEnd(b, p, end, "null");
  if (depth >= MAX_DEPTH || (c !== 123 && c !== 91)) return -1;
  const object = c === 123;
  const close = object ? 125 : 93;
  p = skipSpace(b, p + 1, end);
  if (b[p] === close) return p + 1;
  for (;;) {
    if (object) {
      if (b[p] !== 34 || (p = skipString(b, p + 1, end)) < 0) return -1;
      p = skipSpace(b, p, end);
      if (b[p] !== 58) return -1;
      p = skipSpace(b, p + 1, end);
    }
    if ((p = skipJsonValue(b, p, end, depth + 1)) < 0) return -1;
    p = skipSpace(b, p, end);
    if (b[p] === close) return p + 1;
    if (b[p] !== 44) return -1;
    p = skipSpace(b, p + 1, end);
  }
}

export function skipSpace(b: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = b[p];
    if (c === 32 || c === 9 || c === 13 || c === 10) p++;
    else break;
  }
  return p;
}

/** After the string whose content starts at p (escapes allowed and checked), or -1. */
function skipString(b: Uint8Array, p: number, end: number): number {
  while (p < end) {
    const c = b[p];
    if (c === 34) return p + 1;
    if (c < 0x20) return -1;
    if (c !== 92) {
      p++;
      continue;
    }
    const e = b[p + 1];
    if (e === 117) {
      for (let x = 2; x < 6; x++) if (!isHex(b[p + x])) return -1;
      p += 6;
    } else if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) p += 2;
    else return -1;
  }
  return -1;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

/** After the number at p (JSON's grammar: -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?), or -1. */
export function skipNumber(b: Uint8Array, p: number, end: number): number {
  if (b[p] === 45) p++;
  if (b[p] === 48) p++;
  else if (b[p] >= 49 && b[p] <= 57) p = skipDigits(b, p, end);
  else return -1;
  if (b[p] === 46) {
    const q = skipDigits(b, p + 1, end);
    if (q === p + 1) return -1;
    p = q;
  }
  if (b[p] === 101 || b[p] === 69) {
    p++;
    if (b[p] === 43 || b[p] === 45) p++;
    const q = skipDigits(b, p, end);
    if (q === p) return -1;
    p = q;
  }
  return p > end ? -1 : p;
}

function skipDigits(b: Uint8Array, p: number, end: number): number {
  while (p < end && b[p] >= 48 && b[p] <= 57) p++;
  return p;
}

function literalEnd(b: Uint8Array, p: number, end: number, word: string): number {
  if (p + word.length > end) return -1;
  for (let x = 0; x < word.length; x++) if (b[p + x] !== word.charCodeAt(x)) return -1;
  return p + word.length;
}

/**
 * The value of the JSON number b[start, end) (already checked by skipNumber) as JSON.parse reads it:
 * digits are summed exactly up to 15 of them; anything longer or with a fraction or exponent goes
 * through Number(), which rounds the same way JSON.parse does.
 */
export function numberValue(b: Uint8Array, start: number, end: number): number {
  const negative = b[start] === 45;
  const from = negative ? start + 1 : start;
  if (end - from <= 15) {
    let v = 0;
    let p = from;
    for (; p < end; p++) {
      const c = b[p];
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (p === end) return negative ? -v : v;
  }
  let text = "";
  for (let p = start; p < end; p++) text += String.fromCharCode(b[p]);
  return Number(text);
}
