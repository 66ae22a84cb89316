/**
 * Dictionary: raw string ids <-> dense integer codes (0, 1, 2... in first-seen order).
 *
 * Keys live as UTF-8 bytes in one arena with an offsets array, which is exactly Arrow's Utf8 layout,
 * so the dataset writer hands the arena to Arrow without building a JS string per id. Lookups hash
 * the bytes in place (MurmurHash3, open addressing: see KeyIndex): the hot ingest loop never creates a string for an
 * id it has seen before; a string is decoded only on demand.
 */
import { settleKeys } from "./distinct-keys.js";
import { bytesEqual, hashBytes } from "./key-bytes.js";
import { KeyIndex } from "./key-index.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Dictionary {
  private arena: Uint8Array;
  private offs: Int32Array;
  private hashes: Int32Array;
  /**
   * The hash table; null for a dictionary read from a dataset until its first lookup (reading ids back needs no hash
   * table), and after settle.
   */
  private index: KeyIndex | null;
  /** False for a dictionary read back from its Utf8 layout until its table is built (hashes[] not filled). */
  private hashed = true;
  private count = 0;
  private scratch = new Uint8Array(256);
  private decoded: (string | undefined)[] = [];
  /** See appendOnly: every intern adds a key, and there is no hash table. */
  private keysOnly = false;
  /** See deferLookups: the first code added since (-1: lookups are not deferred). */
  private deferredFrom = -1;

  constructor(expected = 1024) {
    this.index = new KeyIndex(expected);
    this.arena = new Uint8Array(Math.max(1024, expected * 16));
    this.offs = new Int32Array(expected + 1);
    this.hashes = new Int32Array(expected);
  }

  /** Rebuilds a dictionary from Arrow's Utf8 layout (bytes + offsets of `size + 1` entries). */
  static fromUtf8(bytes: Uint8Array, offsets: Int32Array, size: number): Dictionary {
    // the keys are copied as they are (one copy, its own memory); the hash table is built on the first lookup or
    // insert, so a command that only reads ids back (segment, recommend, inspect) never pays for it
    const d = new Dictionary(0);
    const base = offsets[0];
    d.arena = bytes.slice(base, offsets[size]);
    d.offs = new Int32Array(size + 2);
    for (let i = 0; i <= size; i++) d.offs[i] = offsets[i] - base;
    d.count = size;
    d.index = null;
    d.hashed = false;
    return d;
  }

  /**
   * A list of keys without a hash table: every intern adds its key, so codes number occurrences, not distinct ids
   * (the same id may have several codes), and nothing is looked up (lookup and lookupBytes are not for it). For a part
   * read on another thread whose keys are told apart once, where the parts are merged (ingest/merge-part.ts interns
   * each key of a part in code order, which keeps the first-seen order of distinct ids): the part's thread then does
   * no probe of a table too large for the cache per key (GA4 sessions: about one per event).
   */
  static appendOnly(expected = 1024): Dictionary {
    const d = new Dictionary(0);
    d.keysOnly = true;
    d.reserve(expected);
    return d;
  }

  /**
   * Adds every key interned from now on without looking it up, until `settle` tells the added keys apart: codes from
   * here on are provisional (several may stand for one id). For a column of about one new id per row (GA4 sessions),
   * where each lookup in a table too large for the cache is a miss: settle groups the keys by a sort instead.
   */
  deferLookups(): void {
    if (this.keysOnly) return;
    this.table();
    this.keysOnly = true;
    this.deferredFrom = this.count;
  }

  /**
   * Ends deferLookups: each id added since keeps one code, its first provisional one's place in first-seen order (an id
   * the dictionary held before keeps its code). Returns the final code of each provisional code c at [c - from], with
   * `from` the first provisional code; null when lookups were not deferred.
   */
  settle(): { from: number; codes: Int32Array } | null {
    const from = this.deferredFrom;
    if (from < 0) return null;
    // the table holds the codes below `from`
    const index = this.table();
    const held = (start: number, end: number, h: number) =>
      from > 0 ? index.find(this.arena, this.arena, start, end, h) : -1;
    const { codes, count } = settleKeys(this.arena, this.offs, this.hashes, from, this.count, held);
    this.count = count;
    this.keysOnly = false;
    this.deferredFrom = -1;
    this.decoded.length = Math.min(this.decoded.length, from);
    // the table is built again on the next lookup (a dictionary only written out never needs it)
    this.index = null;
    return { from, codes };
  }

  static fromStrings(ids: Iterable<string>): Dictionary {
    const d = new Dictionary();
    for (const id of ids) d.intern(id);
    return d;
  }

  get size(): number {
    return this.count;
  }

  /** Code of the UTF-8 key `buf[start, end)`, added if new. */
  internBytes(buf: Uint8Array, start: number, end: number): number {
    return this.internHashed(buf, start, end, hashBytes(buf, start, end));
  }

  /** internBytes for a key whose hash (Dictionary.hash) the caller already has. */
  internHashed(buf: Uint8Array, start: number, end: number, h: number): number {
    if (this.keysOnly) return this.insert(buf, start, end, h);
    const found = this.table().find(this.arena, buf, start, end, h);
    if (found >= 0) return found;
    return this.insert(buf, start, end, h);
  }

  /** The hash the dictionary files the key `buf[start, end)` under. */
  static hash(buf: Uint8Array, start: number, end: number): number {
    return hashBytes(buf, start, end);
  }

  /** Code of `buf[start, end)`, or -1 if absent. */
  lookupBytes(buf: Uint8Array, start: number, end: number): number {
    return this.table().find(this.arena, buf, start, end, hashBytes(buf, start, end));
  }

  /**
   * Codes of `n` keys at once into out[0, n) (-1: absent or an empty span): key i is buf[starts[i], ends[i]), or
   * alt[~starts[i], ends[i]) where starts[i] is negative. One tight loop of probes whose cache misses overlap, where a
   * lookup per row between other work waits for each; a dictionary without a table (appendOnly) finds nothing.
   */
  lookupSpans(
    buf: Uint8Array,
    alt: Uint8Array,
    starts: Int32Array,
    ends: Int32Array,
    n: number,
    out: Int32Array,
  ): void {
    if (this.keysOnly) {
      out.fill(-1, 0, n);
      return;
    }
    const index = this.table();
    const arena = this.arena;
    for (let i = 0; i < n; i++) {
      const s = starts[i];
      const e = ends[i];
      if (s < 0) out[i] = e > ~s ? index.find(arena, alt, ~s, e, hashBytes(alt, ~s, e)) : -1;
      else out[i] = e > s ? index.find(arena, buf, s, e, hashBytes(buf, s, e)) : -1;
    }
  }

  /** True when code's key equals buf[start, end) (a cheap check of a remembered code). */
  matches(code: number, buf: Uint8Array, start: number, end: number): boolean {
    const o = this.offs[code];
    const len = end - start;
    return this.offs[code + 1] - o === len && bytesEqual(this.arena, o, buf, start, len);
  }

  intern(id: string): number {
    const n = this.encode(id);
    return this.internBytes(this.scratch, 0, n);
  }

  lookup(id: string): number {
    const n = this.encode(id);
    return this.lookupBytes(this.scratch, 0, n);
  }

  /**
   * Makes room for `keys` more keys (of about `bytesPerKey` bytes), so that adding them never rehashes the table: a
   * reader that knows its rows sizes the dictionary once. Codes do not depend on it.
   */
  reserve(keys: number, bytesPerKey = 16): void {
    const index = this.table();
    const want = this.count + keys;
    if (want + 2 > this.offs.length) {
      const offs = new Int32Array(want + 2);
      offs.set(this.offs);
      this.offs = offs;
      const hashes = new Int32Array(want + 2);
      hashes.set(this.hashes.subarray(0, Math.min(this.hashes.length, want + 2)));
      this.hashes = hashes;
    }
    const bytes = this.offs[this.count] + keys * bytesPerKey;
    if (bytes > this.arena.length) {
      const arena = new Uint8Array(bytes);
      arena.set(this.arena.subarray(0, this.offs[this.count]));
      this.arena = arena;
    }
    if (this.keysOnly || index.fits(want)) return;
    this.index = KeyIndex.of(this.arena, this.offs, this.hashes, this.count, want);
  }

  /** Forgets every key from code `size` on (undoing a partial read); codes below keep their keys. */
  truncate(size: number): void {
    if (size >= this.count) return;
    this.table();
    this.count = size;
    this.decoded.length = Math.min(this.decoded.length, size);
    if (this.keysOnly) return;
    this.index = KeyIndex.of(this.arena, this.offs, this.hashes, size);
  }

  /** The raw id of a code. */
  get(code: number): string {
    let s = this.decoded[code];
    if (s === undefined) {
      // fill up to the code: assigning far past the end would turn the array into a slow sparse one
      for (let c = this.decoded.length; c < code; c++) this.decoded.push(undefined);
      s = decoder.decode(this.arena.subarray(this.offs[code], this.offs[code + 1]));
      this.decoded[code] = s;
    }
    return s;
  }

  /** Arrow Utf8 layout of all keys, in code order (views, valid until the next insert). */
  utf8(): { bytes: Uint8Array; offsets: Int32Array } {
    return { bytes: this.arena.subarray(0, this.offs[this.count]), offsets: this.offs.subarray(0, this.count + 1) };
  }

  ids(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.get(i);
    return out;
  }

  private encode(id: string): number {
    if (id.length * 3 > this.scratch.length) this.scratch = new Uint8Array(id.length * 3 + 16);
    // short ASCII ids (most shop ids) are their own UTF-8: copying the char codes beats a TextEncoder call
    if (id.length <= 32) {
      let x = 0;
      for (; x < id.length; x++) {
        const c = id.charCodeAt(x);
        if (c > 0x7f) break;
        this.scratch[x] = c;
      }
      if (x === id.length) return x;
    }
    return encoder.encodeInto(id, this.scratch).written;
  }

  private insert(buf: Uint8Array, start: number, end: number, h: number): number {
    const code = this.count;
    const len = end - start;
    if (code + 2 > this.offs.length) this.growIndex();
    const at = this.offs[code];
    if (at + len > this.arena.length) {
      const next = new Uint8Array(Math.max(this.arena.length * 2, at + len + 1024));
      next.set(this.arena.subarray(0, at));
      this.arena = next;
    }
    // short keys (most ids) byte by byte: a subarray and a set() call cost more than the copy itself
    const arena = this.arena;
    if (len <= 64) for (let k = 0; k < len; k++) arena[at + k] = buf[start + k];
    else arena.set(buf.subarray(start, end), at);
    this.offs[code + 1] = at + len;
    this.hashes[code] = h;
    this.count++;
    if (this.keysOnly) return code;
    const index = this.index!; // internHashed looked the key up: there is a table
    if (!index.fits(this.count)) this.index = KeyIndex.of(this.arena, this.offs, this.hashes, this.count);
    else index.place(this.arena, this.offs, code, h);
    return code;
  }

  /** The hash table, built from the keys when there is none (see index). */
  private table(): KeyIndex {
    if (this.index) return this.index;
    // a dictionary read back has no hashes yet; a settled one keeps its keys'
    if (!this.hashed) {
      this.hashed = true;
      this.hashes = new Int32Array(this.offs.length);
      for (let c = 0; c < this.count; c++) this.hashes[c] = hashBytes(this.arena, this.offs[c], this.offs[c + 1]);
    }
    this.index = KeyIndex.of(this.arena, this.offs, this.hashes, this.count, this.count + 1);
    return this.index;
  }

  private growIndex(): void {
    const offs = new Int32Array(this.offs.length * 2);
    offs.set(this.offs);
    this.offs = offs;
    const hashes = new Int32Array(this.offs.length);
    hashes.set(this.hashes);
    this.hashes = hashes;
  }
}
