/**
 * Shape checks of decoded sections: with them, a file whose checksums pass but whose contents lie
 * (hand-made or written by a buggy tool) still cannot make a reader index outside its arrays.
 */

/** Offsets: offsets[0] = 0, non-decreasing, last = `total`. */
export function validOffsets(offsets: ArrayLike<number>, count: number, total: number): boolean {
  if (offsets.length !== count + 1 || offsets[0] !== 0 || offsets[count] !== total) return false;
  for (let i = 0; i < count; i++) if (!(offsets[i] <= offsets[i + 1])) return false;
  return true;
}

/** Every code in [0, size). */
export function validCodes(codes: ArrayLike<number>, size: number): boolean {
  for (let i = 0; i < codes.length; i++) if (!(codes[i] >= 0 && codes[i] < size)) return false;
  return true;
}
