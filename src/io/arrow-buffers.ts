/** Raw Arrow buffers built by hand (the writers of events.arrow and of the Parquet export share them). */

/** A validity bitmap for `n` values (bit set = valid) and how many are null. */
export function validity(n: number, valid: (i: number) => boolean): { bitmap: Uint8Array; nulls: number } {
  const bitmap = new Uint8Array((n + 7) >> 3);
  let nulls = 0;
  for (let i = 0; i < n; i++) {
    if (valid(i)) bitmap[i >> 3] |= 1 << (i & 7);
    else nulls++;
  }
  return { bitmap, nulls };
}

/** Whole numbers held as doubles (epoch ms, row numbers) as little-endian int64 (lo, hi) pairs: no BigInt per value. */
export function int64Pairs(values: Float64Array): Int32Array {
  const out = new Int32Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i]);
    const hi = Math.floor(v / 4294967296);
    out[2 * i] = (v - hi * 4294967296) | 0;
    out[2 * i + 1] = hi | 0;
  }
  return out;
}
