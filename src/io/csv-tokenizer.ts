/**
 * A byte-level CSV tokenizer (RFC 4180 plus the usual leniencies: CRLF or LF, quoted fields with
 * embedded delimiters, newlines and doubled quotes). It records field offsets instead of creating
 * strings: interning ids from bytes is what makes ingest fast (papaparse's string-per-cell output
 * was measured at ~200k rows/s end to end, see docs/ingest.md).
 */
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface TokenizedRecords {
  /** Records found: starts/ends hold `count * width` field offsets, row-major. */
  count: number;
  width: number;
  starts: Int32Array;
  ends: Int32Array;
  /** Fields actually present per record (may differ from width). */
  fieldCounts: Int32Array;
  /** Byte span of each record and its first physical line. */
  recStart: Int32Array;
  recEnd: Int32Array;
  lines: Int32Array;
  /** Bit 1: a quoted field was unescaped in place. Bit 2: junk after a closing quote. */
  flags: Uint8Array;
  /** With FLAG_BAD_QUOTE: the (0-based) field whose closing quote is followed by other characters. */
  badQuoteField: Int32Array;
  /** Where the unconsumed tail starts (a record cut by the chunk boundary). */
  consumed: number;
  /** Physical lines consumed. */
  linesConsumed: number;
  /** True when the data ended inside a quoted field (only meaningful at end of input). */
  openQuote: boolean;
}

export const FLAG_UNESCAPED = 1;
export const FLAG_BAD_QUOTE = 2;

export class CsvTokenizer {
  private out: TokenizedRecords;

  constructor(
    private readonly delimiter: number,
    width: number,
  ) {
    const cap = 4096;
    this.out = {
      count: 0,
      width,
      starts: new Int32Array(cap * width),
      ends: new Int32Array(cap * width),
      fieldCounts: new Int32Array(cap),
      recStart: new Int32Array(cap),
      recEnd: new Int32Array(cap),
      lines: new Int32Array(cap),
      flags: new Uint8Array(cap),
      badQuoteField: new Int32Array(cap),
      consumed: 0,
      linesConsumed: 0,
      openQuote: false,
    };
  }

  /**
   * Tokenizes the complete records of `buf` (all of it when `final`). `firstLine` is the physical line
   * number of buf[0]. Blank lines are skipped. The returned arrays are reused by the next call.
   * Quoted fields containing doubled quotes are unescaped in place (flag FLAG_UNESCAPED); the raw
   * text of such a record is captured first into `rawBefore` (record index -> text) for quarantine.
   */
  tokenize(buf: Uint8Array, firstLine: number, final: boolean, rawBefore: Map<number, string>): TokenizedRecords {
    const out = this.out;
    const width = out.width;
    const delim = this.delimiter;
    const n = buf.length;
    out.count = 0;
    out.openQuote = false;
    let pos = 0;
    let line = firstLine;
    let consumed = 0;
    let linesConsumed = 0;
    const escapedFields: number[] = [];

    outer: while (pos < n) {
      // skip blank lines
      const c0 = buf[pos];
      if (c0 === LF) {
        pos++;
        line++;
        consumed = pos;
        linesConsumed = line - firstLine;
        continue;
      }
      if (c0 === CR && (pos + 1 < n ? buf[pos + 1] === LF : final)) {
        pos += pos + 1 < n ? 2 : 1;
        line++;
        consumed = pos;
        linesConsumed = line - firstLine;
        continue;
      }
      const r = out.count;
      if (r >= out.fieldCounts.length) this.grow();
      const base = r * width;
      const recStart = pos;
      const recLine = line;
      let field = 0;
      let flag = 0;
      escapedFields.length = 0;
      for (;;) {
        // one field
        let fStart = pos;
        let fEnd: number;
        if (pos < n && buf[pos] === QUOTE) {
          let rd = pos + 1;
          let escaped = false;
          for (;;) {
            if (rd >= n) {
              if (!final) break outer; // need more data
              out.openQuote = true;
              fEnd = rd;
              break;
            }
            const c = buf[rd];
            if (c === QUOTE) {
              if (rd + 1 < n && buf[rd + 1] === QUOTE) {
                escaped = true;
                rd += 2;
                continue;
              }
              if (rd + 1 >= n && !final) break outer; // cannot tell "" from " yet
              fEnd = rd;
              rd++;
              break;
            }
            if (c === LF) line++;
            rd++;
          }
          fStart = pos + 1;
          if (out.openQuote) {
            pos = n;
          } else {
            pos = rd;
            // anything between the closing quote and the delimiter is malformed
            while (pos < n && buf[pos] !== delim && buf[pos] !== LF && buf[pos] !== CR) {
              if (!(flag & FLAG_BAD_QUOTE)) out.badQuoteField[r] = field;
              flag |= FLAG_BAD_QUOTE;
              pos++;
            }
            if (pos >= n && !final) break outer;
          }
          // unescaping rewrites bytes, so it waits until the record is known to be complete
          if (escaped && field < width) escapedFields.push(field);
        } else {
          while (pos < n) {
            const c = buf[pos];
            if (c === delim || c === LF || c === CR) break;
            pos++;
          }
          if (pos >= n && !final) break outer;
          fEnd = pos;
        }
        if (field < width) {
          out.starts[base + field] = fStart;
          out.ends[base + field] = fEnd!;
        }
        field++;
        if (pos < n && buf[pos] === delim) {
          pos++;
          continue;
        }
        break;
      }
      // end of record: at LF, CR(LF) or end of data
      const recEnd = pos;
      if (pos < n && buf[pos] === CR) {
        if (pos + 1 < n) {
          pos += buf[pos + 1] === LF ? 2 : 1;
        } else if (!final) {
          break;
        } else pos++;
        line++;
      } else if (pos < n && buf[pos] === LF) {
        pos++;
        line++;
      } else if (pos >= n && !final) {
        break;
      }
      if (escapedFields.length > 0) {
        rawBefore.set(r, textOf(buf, recStart, recEnd));
        for (const f of escapedFields)
          out.ends[base + f] = unescapeInPlace(buf, out.starts[base + f], out.ends[base + f]);
        escapedFields.length = 0;
        flag |= FLAG_UNESCAPED;
      }
      for (let f = field; f < width; f++) {
        out.starts[base + f] = recEnd;
        out.ends[base + f] = recEnd;
      }
      out.fieldCounts[r] = field;
      out.recStart[r] = recStart;
      out.recEnd[r] = recEnd;
      out.lines[r] = recLine;
      out.flags[r] = flag;
      out.count++;
      consumed = pos;
      linesConsumed = line - firstLine;
    }
    out.consumed = consumed;
    out.linesConsumed = linesConsumed;
    return out;
  }

  private grow(): void {
    const o = this.out;
    const cap = o.fieldCounts.length * 2;
    const g32 = (a: Int32Array, size: number) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    o.starts = g32(o.starts, cap * o.width);
    o.ends = g32(o.ends, cap * o.width);
    o.fieldCounts = g32(o.fieldCounts, cap);
    o.recStart = g32(o.recStart, cap);
    o.recEnd = g32(o.recEnd, cap);
    o.lines = g32(o.lines, cap);
    o.badQuoteField = g32(o.badQuoteField, cap);
    const f = new Uint8Array(cap);
    f.set(o.flags);
    o.flags = f;
  }
}

/** Rewrites `""` as `"` inside buf[start, end) and returns the new end. */
function unescapeInPlace(buf: Uint8Array, start: number, end: number): number {
  let w = start;
  for (let r = start; r < end; r++) {
    buf[w++] = buf[r];
    if (buf[r] === QUOTE && r + 1 < end && buf[r + 1] === QUOTE) r++;
  }
  return w;
}

const utf8 = new TextDecoder("utf-8");
function textOf(buf: Uint8Array, start: number, end: number): string {
  return utf8.decode(buf.subarray(start, end));
}

/** Splits one header line into names (the header is small: strings are fine here). */
export function splitHeader(line: Uint8Array, delimiter: number): string[] {
  const tok = new CsvTokenizer(delimiter, 256);
  const rec = tok.tokenize(line, 1, true, new Map());
  if (rec.count === 0) return [];
  const names: string[] = [];
  const count = Math.min(rec.fieldCounts[0], 256);
  for (let f = 0; f < count; f++) names.push(textOf(line, rec.starts[f], rec.ends[f]).trim());
  return names;
}

/**
 * Picks the delimiter from a sample of the first lines: the candidate that splits the lines into the
 * same number (> 1) of fields most consistently, outside quotes.
 */
export function sniffDelimiter(sample: Uint8Array): string {
  const candidates = [",", ";", "\t", "|"];
  const lines: Uint8Array[] = [];
  let s = 0;
  for (let i = 0; i < sample.length && lines.length < 20; i++) {
    if (sample[i] === LF) {
      lines.push(sample.subarray(s, i));
      s = i + 1;
    }
  }
  if (lines.length === 0) lines.push(sample);
  let best = ",";
  let bestScore = 0;
  for (const c of candidates) {
    const code = c.charCodeAt(0);
    const counts = lines.map((l) => countOutsideQuotes(l, code));
    const first = counts[0];
    if (first === 0) continue;
    const agree = counts.filter((x) => x === first).length;
    const score = agree * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

function countOutsideQuotes(line: Uint8Array, code: number): number {
  let inQuote = false;
  let n = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === QUOTE) inQuote = !inQuote;
    else if (!inQuote && c === code) n++;
  }
  return n;
}
