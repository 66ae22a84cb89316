import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { INLINE_BYTES, tagOf, word } from "../../src/data/key-bytes.js";

/** Keys around the in-slot limit that differ only in their last byte, their length or a trailing zero byte. */
function keys(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let len = 0; len <= INLINE_BYTES + 4; len++)
    for (const last of [0, 1, 0x41, 0xff]) {
      const k = new Uint8Array(len);
      for (let i = 0; i < len; i++) k[i] = 0x30 + (i % 10);
      if (len > 0) k[len - 1] = last;
      out.push(k);
    }
  return out;
}

/** Codes a plain first-seen numbering gives (the dictionary's contract), by the keys' text. */
function firstSeen(ks: Uint8Array[]): number[] {
  const seen = new Map<string, number>();
  return ks.map((k) => {
    const s = Array.from(k).join(",");
    if (!seen.has(s)) seen.set(s, seen.size);
    return seen.get(s)!;
  });
}

describe("Dictionary keys stored in their slot", () => {
  it("tells apart short keys that differ in one byte, in length, or by a trailing zero byte", () => {
    const ks = keys();
    // every key twice, in a shuffled order, so that hits and misses both happen on short and long keys
    const order = [...ks, ...ks.slice().reverse(), ...ks];
    const d = new Dictionary(4); // small: the table is rehashed several times on the way
    const codes = order.map((k) => d.internBytes(k, 0, k.length));
    expect(codes).toEqual(firstSeen(order));
    for (const k of ks) expect(d.lookupBytes(k, 0, k.length)).toBe(codes[order.indexOf(k)]);
    expect(d.lookupBytes(Uint8Array.of(0x30, 0x31, 0x32, 2), 0, 4)).toBe(-1);
  });

  it("finds short keys read at any offset of a larger buffer, after truncate and from Arrow's layout", () => {
    const text = new TextEncoder().encode("SKU1,SKU12,SKU123,SKU1234,SKU12345,SKU123456,SKU1");
    const spans: [number, number][] = [];
    for (let s = 0, i = 0; i <= text.length; i++)
      if (i === text.length || text[i] === 0x2c) {
        spans.push([s, i]);
        s = i + 1;
      }
    const d = new Dictionary(2);
    const codes = spans.map(([s, e]) => d.internBytes(text, s, e));
    expect(codes).toEqual([0, 1, 2, 3, 4, 5, 0]);
    const back = Dictionary.fromUtf8(d.utf8().bytes, d.utf8().offsets, d.size);
    expect(spans.map(([s, e]) => back.lookupBytes(text, s, e))).toEqual(codes);
    d.truncate(3);
    expect(spans.map(([s, e]) => d.lookupBytes(text, s, e))).toEqual([0, 1, 2, -1, -1, -1, 0]);
    expect(d.internBytes(text, spans[5][0], spans[5][1])).toBe(3);
  });

  it("compares both words of a short key: many keys, some sharing a tag and a word with a key probed before", () => {
    // two families of 8-byte keys: one word counts, the other takes one of two values. Among 2^18 keys about a hundred
    // pairs share the tag (28 bits of hash, the birthday bound), and in a half-full table some of them probe the same
    // run of slots: a comparison of one word only would give them one code
    for (const counted of [0, 1]) {
      const n = 1 << 18;
      const bytes = new Uint8Array(8 * n);
      const v = new DataView(bytes.buffer);
      for (let i = 0; i < n; i++) {
        v.setInt32(8 * i + 4 * counted, i, true);
        v.setInt32(8 * i + 4 - 4 * counted, i & 1 ? 7 : 9, true);
      }
      const d = new Dictionary();
      let wrong = 0;
      for (let i = 0; i < n; i++) if (d.internBytes(bytes, 8 * i, 8 * i + 8) !== i) wrong++;
      for (let i = 0; i < n; i++) if (d.lookupBytes(bytes, 8 * i, 8 * i + 8) !== i) wrong++;
      expect(wrong).toBe(0);
      expect(d.size).toBe(n);
    }
  });

  it("packs a key's bytes little-endian, zero-padded, and tags a slot with the hash and the length", () => {
    const b = Uint8Array.of(1, 2, 3, 4, 5, 6);
    expect(word(b, 0, 6)).toBe(0x04030201);
    expect(word(b, 4, 6)).toBe(0x0605);
    expect(word(b, 6, 6)).toBe(0);
    expect(word(Uint8Array.of(0xff, 0xff, 0xff, 0xff), 0, 4)).toBe(-1);
    expect(tagOf(0x12345678, 3)).toBe(0x12345673);
    expect(tagOf(-1, 40)).toBe(-1);
    expect(tagOf(0x12345670, 15)).toBe(tagOf(0x12345670, 16));
  });
});
