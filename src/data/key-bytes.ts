/** How the dictionary hashes and compares its UTF-8 keys in place (no string per key). */

/** MurmurHash3 (x86, 32-bit) over bytes, four at a time: ids are short, so fewer multiplies matter. */
export function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x9747b28c;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    let k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = end - i;
  if (tail > 0) {
    let k = buf[i];
    if (tail > 1) k ^= buf[i + 1] << 8;
    if (tail > 2) k ^= buf[i + 2] << 16;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= end - start;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** The len bytes of `a` at ao equal those of `b` at bo. */
export function bytesEqual(a: Uint8Array, ao: number, b: Uint8Array, bo: number, len: number): boolean {
  for (let i = 0; i < len; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/** Keys of up to this many bytes are stored in their slot (Dictionary.slots). */
export const INLINE_BYTES = 8;

/** A slot's tag: the hash's high 28 bits and min(length, 15). */
export function tagOf(h: number, len: number): number {
  return (h & ~15) | (len < 15 ? len : 15);
}

/** The bytes [at, min(at + 4, end)) as a little-endian word, zero-padded (0 when at >= end). */
export function word(buf: Uint8Array, at: number, end: number): number {
  if (at + 4 <= end) return buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24);
  let w = 0;
  for (let k = end - 1; k >= at; k--) w = (w << 8) | buf[k];
  return w;
}
