import { bytesEqual } from "./key-bytes.js";

/**
 * Keys [from, count) of a UTF-8 arena added without lookups, told apart in place: each distinct key is kept once, at
 * its first occurrence's place in order (moved down over the duplicates before it), unless `held` finds it among the
 * keys before `from` (its code, else -1). Returns the final code of each key i at codes[i - from], and the new count.
 */
export function settleKeys(
  arena: Uint8Array,
  offs: Int32Array,
  hashes: Int32Array,
  from: number,
  count: number,
  held: (start: number, end: number, hash: number) => number,
): { codes: Int32Array; count: number } {
  const first = firstOccurrences(arena, offs, hashes, from, count);
  const codes = new Int32Array(count - from);
  let next = from;
  for (let i = from; i < count; i++) {
    const f = first[i - from];
    if (f !== i) {
      codes[i - from] = codes[f - from];
      continue;
    }
    const start = offs[i];
    const end = offs[i + 1];
    const code = held(start, end, hashes[i]);
    if (code >= 0) {
      codes[i - from] = code;
      continue;
    }
    // next <= i: nothing not yet read is overwritten
    if (next < i) {
      arena.copyWithin(offs[next], start, end);
      offs[next + 1] = offs[next] + end - start;
      hashes[next] = hashes[i];
    }
    codes[i - from] = next++;
  }
  return { codes, count: next };
}

/**
 * For each key i in [from, to) of a UTF-8 arena (bytes [offs[i], offs[i + 1]), hash hashes[i]), the first key in
 * [from, to) equal to it (i itself for a first occurrence). The keys are grouped by hash with a two-pass LSD radix
 * sort, which reads and writes in sequence, and only keys of one hash are compared: no hash table, whose probes are a
 * cache miss each once it outgrows the cache (a million GA4 sessions: a 32 MB table).
 */
export function firstOccurrences(
  arena: Uint8Array,
  offs: Int32Array,
  hashes: Int32Array,
  from: number,
  to: number,
): Int32Array {
  const n = to - from;
  const first = new Int32Array(n);
  if (n === 0) return first;
  const { idx: byHash, hash } = sortedByHash(hashes, from, n);
  // a run of equal hashes is in key order (the sort is stable), so the first of each distinct key comes first
  for (let x = 0; x < n;) {
    let end = x + 1;
    while (end < n && hash[end] === hash[x]) end++;
    for (let y = x; y < end; y++) {
      const i = byHash[y];
      first[i] = i;
      for (let z = x; z < y; z++) {
        const k = byHash[z];
        if (first[k] === k && sameKey(arena, offs, from + k, from + i)) {
          first[i] = k;
          break;
        }
      }
    }
    x = end;
  }
  for (let i = 0; i < n; i++) first[i] += from;
  return first;
}

/** Indices 0..n-1 ordered by hashes[from + i] (as unsigned), ties in index order, with their hashes in that order. */
function sortedByHash(hashes: Int32Array, from: number, n: number): { idx: Int32Array; hash: Int32Array } {
  let idx = new Int32Array(n);
  let hash = hashes.slice(from, from + n);
  for (let i = 0; i < n; i++) idx[i] = i;
  let idxOut = new Int32Array(n);
  let hashOut = new Int32Array(n);
  const count = new Int32Array(1 << 16);
  // each pass carries the hash along with the index: it reads in sequence and only its writes scatter
  for (let shift = 0; shift < 32; shift += 16) {
    count.fill(0);
    for (let x = 0; x < n; x++) count[(hash[x] >>> shift) & 0xffff]++;
    for (let b = 0, sum = 0; b < count.length; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let x = 0; x < n; x++) {
      const to = count[(hash[x] >>> shift) & 0xffff]++;
      idxOut[to] = idx[x];
      hashOut[to] = hash[x];
    }
    [idx, idxOut, hash, hashOut] = [idxOut, idx, hashOut, hash];
  }
  return { idx, hash };
}

function sameKey(arena: Uint8Array, offs: Int32Array, a: number, b: number): boolean {
  const len = offs[a + 1] - offs[a];
  return offs[b + 1] - offs[b] === len && bytesEqual(arena, offs[a], arena, offs[b], len);
}
