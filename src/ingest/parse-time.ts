import type { LocalToUtc } from "./time-zone.js";

/**
 * Timestamp parsing straight from bytes (no string per cell). Accepts:
 * - epoch numbers: seconds (integer or fractional), milliseconds, microseconds or nanoseconds,
 *   told apart by magnitude (below 1e11 is seconds: 1e11 s is the year 5138, 1e11 ms is 1973);
 * - ISO 8601 dates and date-times, "T" or space separated, optional fraction, zone "Z", "UTC",
 *   "GMT" or +hh[:mm]; zone-less times go through `local` (the --tz zone);
 * - with `dateOrder`, slash dates such as "12/1/2010 8:26" (mdy) or "1/12/2010 08:26" (dmy).
 * Returns NaN when the text is not a valid time.
 */
export type DateOrder = "ymd" | "mdy" | "dmy";

export function parseTimestamp(
  buf: Uint8Array,
  start: number,
  end: number,
  local: LocalToUtc,
  dateOrder: DateOrder = "ymd",
): number {
  while (start < end && buf[start] === 0x20) start++;
  while (end > start && buf[end - 1] === 0x20) end--;
  if (start >= end) return NaN;
  const numeric = parseEpoch(buf, start, end);
  if (numeric === numeric) return numeric;
  return parseCalendar(buf, start, end, local, dateOrder);
}

/** Epoch number (seconds/ms/us/ns by magnitude) in ms, or NaN. */
export function epochToMs(v: number): number {
  const a = Math.abs(v);
  if (a < 1e11) return v * 1000;
  if (a < 1e14) return v;
  if (a < 1e17) return v / 1000;
  return v / 1e6;
}

function parseEpoch(buf: Uint8Array, i: number, end: number): number {
  let neg = false;
  if (buf[i] === 0x2d) {
    neg = true;
    i++;
  }
  let int = 0;
  let digits = 0;
  while (i < end && isDigit(buf[i])) {
    int = int * 10 + (buf[i] - 48);
    i++;
    digits++;
  }
  if (digits === 0) return NaN;
  let v = int;
  if (i < end && buf[i] === 0x2e) {
    i++;
    let frac = 0;
    let scale = 1;
    while (i < end && isDigit(buf[i])) {
      frac = frac * 10 + (buf[i] - 48);
      scale *= 10;
      i++;
    }
    v += frac / scale;
  }
  if (i !== end) return NaN;
  return epochToMs(neg ? -v : v);
}

function parseCalendar(buf: Uint8Array, i: number, end: number, local: LocalToUtc, order: DateOrder): number {
  let y: number, mo: number, d: number;
  const a = readInt(buf, i, end);
  if (a.len === 0) return NaN;
  i += a.len;
  // the cell may be followed by more bytes (the CSV delimiter): never look at buf[end] or beyond
  const sep = i < end ? buf[i] : -1;
  if (a.len === 4 && (sep === 0x2d || sep === 0x2f)) {
    y = a.value;
    const b = readInt(buf, i + 1, end);
    if (b.len === 0 || b.len > 2 || i + 1 + b.len >= end || buf[i + 1 + b.len] !== sep) return NaN;
    i += 1 + b.len + 1;
    const c = readInt(buf, i, end);
    if (c.len === 0 || c.len > 2) return NaN;
    i += c.len;
    mo = b.value;
    d = c.value;
  } else if (sep === 0x2f && order !== "ymd" && a.len <= 2) {
    const b = readInt(buf, i + 1, end);
    if (b.len === 0 || b.len > 2 || i + 1 + b.len >= end || buf[i + 1 + b.len] !== 0x2f) return NaN;
    i += 1 + b.len + 1;
    const c = readInt(buf, i, end);
    if (c.len !== 4 && c.len !== 2) return NaN;
    i += c.len;
    y = c.len === 2 ? 2000 + c.value : c.value;
    [mo, d] = order === "mdy" ? [a.value, b.value] : [b.value, a.value];
  } else return NaN;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  let h = 0,
    mi = 0,
    s = 0,
    ms = 0;
  if (i < end && (buf[i] === 0x54 || buf[i] === 0x20) && i + 1 < end && isDigit(buf[i + 1])) {
    i++;
    const hh = readInt(buf, i, end);
    if (hh.len === 0 || hh.len > 2 || i + hh.len >= end || buf[i + hh.len] !== 0x3a) return NaN;
    i += hh.len + 1;
    const mm = readInt(buf, i, end);
    if (mm.len !== 2) return NaN;
    i += 2;
    h = hh.value;
    mi = mm.value;
    if (i < end && buf[i] === 0x3a) {
      const ss = readInt(buf, i + 1, end);
      if (ss.len !== 2) return NaN;
      s = ss.value;
      i += 3;
      if (i < end && (buf[i] === 0x2e || buf[i] === 0x2c)) {
        i++;
        let scale = 100;
        while (i < end && isDigit(buf[i])) {
          ms += (buf[i] - 48) * scale;
          scale /= 10;
          i++;
        }
      }
    }
    if (h > 23 || mi > 59 || s > 60) return NaN;
  }
  const wall = daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000 + ms;
  while (i < end && buf[i] === 0x20) i++;
  if (i === end) return local(wall);
  const offset = parseZone(buf, i, end);
  return offset === offset ? wall - offset : NaN;
}

/** Zone suffix as an offset in ms ("Z", "UTC", "GMT", "+01:00", "+0100", "+01"), or NaN. */
function parseZone(buf: Uint8Array, i: number, end: number): number {
  const len = end - i;
  const c = buf[i];
  if (len === 1 && (c === 0x5a || c === 0x7a)) return 0;
  if (len === 3 && isWord(buf, i, "UTC")) return 0;
  if (len === 3 && isWord(buf, i, "GMT")) return 0;
  if (c === 0x2b || c === 0x2d) {
    const hh = readInt(buf, i + 1, Math.min(end, i + 3));
    if (hh.len !== 2) return NaN;
    let j = i + 3;
    let mm = 0;
    if (j < end && buf[j] === 0x3a) j++;
    if (j < end) {
      const m = readInt(buf, j, end);
      if (m.len !== 2 || j + 2 !== end) return NaN;
      mm = m.value;
    }
    const off = (hh.value * 60 + mm) * 60_000;
    return c === 0x2d ? -off : off;
  }
  return NaN;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function readInt(buf: Uint8Array, i: number, end: number): { value: number; len: number } {
  let v = 0;
  let n = 0;
  while (i + n < end && isDigit(buf[i + n])) {
    v = v * 10 + (buf[i + n] - 48);
    n++;
  }
  return { value: v, len: n };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWord(buf: Uint8Array, i: number, w: string): boolean {
  for (let k = 0; k < w.length; k++) if ((buf[i + k] & 0xdf) !== w.charCodeAt(k)) return false;
  return true;
}
