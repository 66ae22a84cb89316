/**
 * 1-based ranks of the relevant items in a ranked list, ascending: each target counts once, at its
 * first position (the reference scorer's rule); padding (-1) and repeats are never relevant.
 * Writes into `out` and returns how many were found.
 */
export function relevantRanks(
  ranked: ArrayLike<number>,
  from: number,
  k: number,
  targets: ReadonlySet<number>,
  out: Int32Array,
): number {
  let found = 0;
  for (let r = 0; r < k; r++) {
    const item = ranked[from + r];
    if (item < 0 || !targets.has(item)) continue;
    let repeat = false;
    for (let q = 0; q < r && !repeat; q++) repeat = ranked[from + q] === item;
    if (!repeat) out[found++] = r + 1;
  }
  return found;
}
