import type { Data } from "apache-arrow";

/** Whether row `i` of an Arrow data chunk is non-null (no bitmap means all valid). */
export function isValidAt(d: Data, i: number): boolean {
  if (d.nullCount === 0 || !d.nullBitmap || d.nullBitmap.length === 0) return true;
  const k = d.offset + i;
  return (d.nullBitmap[k >> 3] & (1 << (k & 7))) !== 0;
}
