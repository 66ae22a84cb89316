/**
 * Solves A x = b for a small dense n x n system (A row-major) by Gaussian elimination with partial pivoting. A column
 * with no usable pivot (a singular A, e.g. a feature that is zero on every row) gets x = 0 for its unknown instead of
 * NaN, so a least-squares or Newton step leaves that coefficient where it is. A and b are not modified.
 */
export function solveLinear(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(A);
  const y = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i * n + k]) > Math.abs(a[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) [a[k * n + j], a[p * n + j]] = [a[p * n + j], a[k * n + j]];
      [y[k], y[p]] = [y[p], y[k]];
    }
    const d = a[k * n + k];
    if (d === 0) continue;
    for (let i = k + 1; i < n; i++) {
      const m = a[i * n + k] / d;
      for (let j = k; j < n; j++) a[i * n + j] -= m * a[k * n + j];
      y[i] -= m * y[k];
    }
  }
  const x = new Float64Array(n);
  for (let k = n - 1; k >= 0; k--) {
    let s = y[k];
    for (let j = k + 1; j < n; j++) s -= a[k * n + j] * x[j];
    const d = a[k * n + k];
    x[k] = d === 0 ? 0 : s / d;
  }
  return x;
}
