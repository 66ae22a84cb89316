/**
 * Dictionary: raw string ids <-> dense integer codes (0, 1, 2... in first-seen order).
 *
 * Keys live as UTF-8 bytes in one arena with an offsets array, which is exactly Arrow's Utf8 layout,
 * so the dataset writer hands the arena to Arrow without building a JS string per id. Lookups hash
 * the bytes in place (FNV-1a, open addressing): the hot ingest loop never creates a string for an id
 * it has seen before; a string is decoded only on demand.
 */
import { bytesEqual, hashBytes, INLINE_BYTES, tagOf, word } from "./key-bytes.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class Dictionary {
  private arena: Uint8Array;
  private offs: Int32Array;
  private hashes: Int32Array;
  /**
   * Open-addressing table of (code + 1, tag, a, b) quadruples; code + 1 = 0 marks an empty slot. The tag is the
   * hash with its low four bits replaced by min(length, 15). A key of up to 8 bytes (most item, order and login
   * ids) is stored in the slot itself, a and b its bytes as two little-endian words (zero-padded): its probe
   * touches one cache line and no arena. A longer key's slot holds (arena offset, length).
   */
  private slots: Int32Array;
  private mask: number;
  private count = 0;
  private scratch = new Uint8Array(256);
  private decoded: (string | undefined)[] = [];
  /** False for a dictionary read from a dataset until its first lookup: reading ids back needs no hash table. */
  private indexed = true;
  /** See appendOnly: every intern adds a key, and there is no hash table. */
  private keysOnly = false;

  constructor(expected = 1024) {
    let cap = 16;
    while (cap < expected * 2) cap <<= 1;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
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
    d.indexed = false;
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
    if (!this.indexed) this.buildIndex();
    const found = this.find(buf, start, end, h);
    if (found >= 0) return found;
    return this.insert(buf, start, end, h);
  }

  /** The hash the dictionary files the key `buf[start, end)` under. */
  static hash(buf: Uint8Array, start: number, end: number): number {
    return hashBytes(buf, start, end);
  }

  /** Code of `buf[start, end)`, or -1 if absent. */
  lookupBytes(buf: Uint8Array, start: number, end: number): number {
    if (!this.indexed) this.buildIndex();
    return this.find(buf, start, end, hashBytes(buf, start, end));
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
    if (!this.indexed) this.buildIndex();
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
    let cap = this.mask + 1;
    if (this.keysOnly || want * 2 <= cap) return;
    while (want * 2 > cap) cap <<= 1;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
    for (let c = 0; c < this.count; c++) this.place(c, this.hashes[c]);
  }

  /** Forgets every key from code `size` on (undoing a partial read); codes below keep their keys. */
  truncate(size: number): void {
    if (size >= this.count) return;
    if (!this.indexed) this.buildIndex();
    this.count = size;
    this.decoded.length = Math.min(this.decoded.length, size);
    if (this.keysOnly) return;
    this.slots.fill(0);
    for (let c = 0; c < size; c++) this.place(c, this.hashes[c]);
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

  private find(buf: Uint8Array, start: number, end: number, h: number): number {
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    const tag = tagOf(h, len);
    let i = h & mask;
    for (;;) {
      const s = slots[4 * i];
      if (s === 0) return -1;
      if (slots[4 * i + 1] === tag) {
        if (len <= INLINE_BYTES) {
          // the key's words, read only once a tag agrees (seldom but for the key itself)
          if (slots[4 * i + 2] === word(buf, start, end) && slots[4 * i + 3] === word(buf, start + 4, end))
            return s - 1;
        } else if (slots[4 * i + 3] === len && bytesEqual(this.arena, slots[4 * i + 2], buf, start, len)) return s - 1;
      }
      i = (i + 1) & mask;
    }
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
    if (this.count * 2 > this.mask + 1) this.rehash();
    else this.place(code, h);
    return code;
  }

  private place(code: number, h: number): void {
    let i = h & this.mask;
    while (this.slots[4 * i] !== 0) i = (i + 1) & this.mask;
    const at = this.offs[code];
    const len = this.offs[code + 1] - at;
    const slots = this.slots;
    slots[4 * i] = code + 1;
    slots[4 * i + 1] = tagOf(h, len);
    if (len <= INLINE_BYTES) {
      slots[4 * i + 2] = word(this.arena, at, at + len);
      slots[4 * i + 3] = word(this.arena, at + 4, at + len);
    } else {
      slots[4 * i + 2] = at;
      slots[4 * i + 3] = len;
    }
  }

  private rehash(): void {
    const cap = (this.mask + 1) * 2;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
    for (let c = 0; c < this.count; c++) this.place(c, this.hashes[c]);
  }

  /** The hash table of a dictionary read from a dataset, built on its first lookup. */
  private buildIndex(): void {
    this.indexed = true;
    let cap = 16;
    while (cap < this.count * 2 + 2) cap <<= 1;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
    this.hashes = new Int32Array(this.offs.length);
    for (let c = 0; c < this.count; c++) {
      this.hashes[c] = hashBytes(this.arena, this.offs[c], this.offs[c + 1]);
      this.place(c, this.hashes[c]);
    }
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
