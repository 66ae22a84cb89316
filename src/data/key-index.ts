import { bytesEqual, INLINE_BYTES, tagOf, word } from "./key-bytes.js";

/**
 * The hash table of a Dictionary: open addressing over (code + 1, tag, a, b) quadruples; code + 1 = 0 marks an empty
 * slot. The tag is the hash with its low four bits replaced by min(length, 15). A key of up to 8 bytes (most item,
 * order and login ids) is stored in the slot itself, a and b its bytes as two little-endian words (zero-padded): its
 * probe touches one cache line and no arena. A longer key's slot holds (arena offset, length). Kept at most half full.
 */
export class KeyIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** A table with room for `keys` keys. */
  constructor(keys: number) {
    let cap = 16;
    while (cap < keys * 2) cap <<= 1;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap - 1;
  }

  /** A table with room for `room` keys, holding keys 0..count-1 of the arena. */
  static of(arena: Uint8Array, offs: Int32Array, hashes: Int32Array, count: number, room = count): KeyIndex {
    const index = new KeyIndex(Math.max(room, count));
    for (let c = 0; c < count; c++) index.place(arena, offs, c, hashes[c]);
    return index;
  }

  /** True while `keys` keys keep the table at most half full. */
  fits(keys: number): boolean {
    return keys * 2 <= this.mask + 1;
  }

  /** Code of the key buf[start, end) with hash h, or -1; long keys are compared with the arena's. */
  find(arena: Uint8Array, buf: Uint8Array, start: number, end: number, h: number): number {
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
        } else if (slots[4 * i + 3] === len && bytesEqual(arena, slots[4 * i + 2], buf, start, len)) return s - 1;
      }
      i = (i + 1) & mask;
    }
  }

  /** Files code (its key at arena[offs[code], offs[code + 1]), hash h) in a free slot. */
  place(arena: Uint8Array, offs: Int32Array, code: number, h: number): void {
    const slots = this.slots;
    let i = h & this.mask;
    while (slots[4 * i] !== 0) i = (i + 1) & this.mask;
    const at = offs[code];
    const len = offs[code + 1] - at;
    slots[4 * i] = code + 1;
    slots[4 * i + 1] = tagOf(h, len);
    if (len <= INLINE_BYTES) {
      slots[4 * i + 2] = word(arena, at, at + len);
      slots[4 * i + 3] = word(arena, at + 4, at + len);
    } else {
      slots[4 * i + 2] = at;
      slots[4 * i + 3] = len;
    }
  }
}
