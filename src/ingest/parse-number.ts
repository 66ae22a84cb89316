/**
 * A decimal number from bytes ("35.79", "-3", "1e3", " 2 "), or NaN. Fast path for plain decimals.
 * With `decimalComma` the separator is "," ("35,79", European exports).
 */
const MAX_NUMBER_CHARS = 1000;

export function parseNumber(buf: Uint8Array, start: number, end: number, decimalComma = false): number {
  const point = decimalComma ? 0x2c : 0x2e;
  while (start < end && buf[start] === 0x20) start++;
  while (end > start && buf[end - 1] === 0x20) end--;
  if (start >= end) return NaN;
  let i = start;
  let neg = false;
  if (buf[i] === 0x2d || buf[i] === 0x2b) {
    neg = buf[i] === 0x2d;
    i++;
  }
  let int = 0;
  let digits = 0;
  let scale = 1;
  let dot = false;
  for (; i < end; i++) {
    const c = buf[i];
    if (c >= 48 && c <= 57) {
      int = int * 10 + (c - 48);
      digits++;
      if (dot) scale *= 10;
    } else if (c === point && !dot) dot = true;
    else break;
  }
  // beyond 15 digits or with an exponent, let the engine's correctly rounded parser decide
  if (i === end && digits > 0 && digits <= 15) {
    const v = int / scale;
    return neg ? -v : v;
  }
  // no number needs more characters; a longer cell is not one (and spreading it would overflow the stack)
  if (end - start > MAX_NUMBER_CHARS) return NaN;
  let text = String.fromCharCode.apply(null, Array.from(buf.subarray(start, end)));
  if (decimalComma) {
    // with a decimal comma a point is a thousands separator ("1.234" is 1234 in those exports): ambiguous, refused
    if (text.includes(".")) return NaN;
    text = text.replace(",", ".");
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return NaN;
  return Number(text);
}
