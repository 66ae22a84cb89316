import type { Scalar } from "../../io/jsonl-batch.js";
import type { RecordProblem } from "../../io/raw-batch.js";
import { showText } from "../../io/show-text.js";

/** Reading the loosely typed values of exported JSON (BigQuery writes INT64 as strings, nulls as null). */
export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
}

/**
 * A record's list field that holds something else (a string, a number, an object): the problem that rejects the
 * record, naming what the field holds; null for a list, or for a field that is absent or null (no items).
 */
export function notAList(v: unknown, field: string, column: string): RecordProblem | null {
  if (v === null || v === undefined || Array.isArray(v)) return null;
  const what =
    typeof v === "string"
      ? `a string (${showText(JSON.stringify(v), 40)})`
      : typeof v === "object"
        ? "an object"
        : `${typeof v === "number" ? "a number" : "a boolean"} (${String(v)})`;
  return { reason: "missing_value", column, detail: `"${field}" is ${what}, not a list` };
}

export function objects(v: unknown): Obj[] | null {
  if (!Array.isArray(v)) return null;
  const out: Obj[] = [];
  for (const x of v) {
    const o = obj(x);
    if (o) out.push(o);
  }
  return out;
}

/** An id or name as a cell: strings and numbers as they are, "" and "(not set)" (GA4's placeholder) as missing. */
export function id(v: unknown): Scalar {
  if (typeof v === "string") return v === "" || v === "(not set)" ? null : v;
  if (typeof v === "number" || typeof v === "boolean") return v;
  return null;
}

/** A number cell; a string that is not a number is passed on as text so that the row is rejected naming it. */
export function num(v: unknown): Scalar {
  if (typeof v === "number") return v;
  if (typeof v === "string") {
    if (v === "") return null;
    const n = Number(v);
    return Number.isFinite(n) ? n : v;
  }
  return null;
}

/**
 * Remembers which keys were seen, as 52-bit hashes (two FNV-1a passes) in an open-addressing table of doubles kept at
 * most half full: 16-32 bytes a key, so 1M events cost ~32 MB. Two different keys collide with odds of about
 * n^2 / 2^53 (1e-4 for 1M keys).
 */
export class SeenKeys {
  /** hash + 1 per slot; 0: empty. */
  private table = new Float64Array(1 << 12);
  private size = 0;
  /** True when the key was seen before (and records it otherwise). */
  repeat(key: string): boolean {
    return this.repeatHash(SeenKeys.hash(key));
  }
  /** Makes room for `keys` more keys, so that the table does not grow (and rehash) while they are added. */
  reserve(keys: number): void {
    let size = this.table.length;
    while ((this.size + keys) * 2 > size) size *= 2;
    if (size === this.table.length) return;
    const old = this.table;
    this.table = new Float64Array(size);
    this.size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.repeatHash(old[i] - 1);
  }
  /** Like repeat, for a key already hashed (keys seen by another thread, see ExploderBase.keysKept). */
  repeatHash(h: number): boolean {
    const table = this.table;
    const mask = table.length - 1;
    const v = h + 1;
    let i = (h >>> 0) & mask;
    for (let t = table[i]; t !== 0; t = table[i]) {
      if (t === v) return true;
      i = (i + 1) & mask;
    }
    table[i] = v;
    if (++this.size * 2 > table.length) this.grow();
    return false;
  }
  static hash(key: string): number {
    let a = 0x811c9dc5;
    let b = 0x01000193;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    return (a >>> 0) * 0x100000 + ((b >>> 0) & 0xfffff);
  }
  private grow(): void {
    const old = this.table;
    this.table = new Float64Array(old.length * 2);
    this.size = 0;
    for (let i = 0; i < old.length; i++) if (old[i] !== 0) this.repeatHash(old[i] - 1);
  }
}

/**
 * SeenKeys.hash of a key built piece by piece from cells (GA4's "<pseudo id>|<timestamp>|<name>|<bundle>"), with no
 * string made: bytes count as their Latin-1 text (the windows-1252 decoding a TextDecoder("latin1") gives), numbers
 * as their decimal text, an absent cell as "null". The value equals SeenKeys.hash of the concatenated string.
 */
export class KeyHasher {
  private a = 0;
  private b = 0;
  private readonly digits = new Uint8Array(24);
  reset(): this {
    this.a = 0x811c9dc5;
    this.b = 0x01000193;
    return this;
  }
  value(): number {
    return (this.a >>> 0) * 0x100000 + ((this.b >>> 0) & 0xfffff);
  }
  sep(): this {
    return this.char(0x7c); // "|"
  }
  text(s: string): this {
    for (let i = 0; i < s.length; i++) this.char(s.charCodeAt(i));
    return this;
  }
  bytes(buf: Uint8Array, start: number, end: number): this {
    // the state in locals for the loop (char() per byte loads and stores both fields)
    let a = this.a;
    let b = this.b;
    for (let i = start; i < end; i++) {
      const c = LATIN1_CODES[buf[i]];
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    return this;
  }
  /** Span `i` of text spans (see io/exploded-batch.ts), or "null" when it is empty. */
  spanOrNull(spans: { buf: Uint8Array; alt: Uint8Array; starts: Int32Array; ends: Int32Array }, i: number): this {
    const s = spans.starts[i];
    const e = spans.ends[i];
    if (s < 0) return this.bytes(spans.alt, ~s, e);
    return e > s ? this.bytes(spans.buf, s, e) : this.text("null");
  }
  /** The decimal text of an integer (String(v)). */
  integer(v: number | bigint): this {
    if (typeof v === "bigint")
      return v <= MAX_SAFE_BIG && v >= -MAX_SAFE_BIG ? this.number(Number(v)) : this.text(String(v));
    return this.number(v);
  }
  /** String(n), without the string for whole numbers below 2^53. */
  number(n: number): this {
    if (!Number.isSafeInteger(n)) return this.text(String(n));
    if (n < 0) {
      this.char(0x2d);
      n = -n;
    }
    // the digits in reverse, in two 32-bit halves (a 16-digit microsecond time is 16 float divisions otherwise)
    let k = 0;
    const high = n >= 1e8 ? Math.floor(n / 1e8) : 0;
    let low = n - high * 1e8;
    do {
      const q = (low / 10) | 0;
      this.digits[k++] = 0x30 + low - q * 10;
      low = q;
    } while (low > 0 || (high > 0 && k < 8));
    for (let h = high; h > 0;) {
      const q = (h / 10) | 0;
      this.digits[k++] = 0x30 + h - q * 10;
      h = q;
    }
    let a = this.a;
    let b = this.b;
    while (k > 0) {
      const c = this.digits[--k];
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
    this.a = a;
    this.b = b;
    return this;
  }
  private char(c: number): this {
    this.a = Math.imul(this.a ^ c, 0x01000193);
    this.b = Math.imul(this.b ^ c, 0x5bd1e995) ^ (this.b >>> 15);
    return this;
  }
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
const LATIN1_CODES = Uint16Array.from({ length: 256 }, (_, b) =>
  new TextDecoder("latin1").decode(Uint8Array.of(b)).charCodeAt(0),
);

/** The most frequent keys of a sample, for messages ("found: page_location, session_id, ..."). */
export function keysOf(records: Obj[]): string[] {
  const n = new Map<string, number>();
  for (const r of records) for (const k of Object.keys(r)) n.set(k, (n.get(k) ?? 0) + 1);
  return [...n.entries()].sort((x, y) => y[1] - x[1]).map(([k]) => k);
}
