/** The one sparse shape: row r holds indices[indptr[r] .. indptr[r + 1]) with their data values. */
export interface Csr {
  readonly rows: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/**
 * A Csr whose values may be stored quantised (as a serving artifact holds them): the value of entry
 * x of row r is data[x] x rowScale[r], or data[x] itself without a scale.
 */
export interface ScaledCsr {
  readonly rows: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array | Uint16Array | Uint8Array;
  readonly rowScale?: Float32Array;
}

/** Entry x of row r's value. */
export function csrValue(m: ScaledCsr, r: number, x: number): number {
  return m.rowScale ? m.data[x] * m.rowScale[r] : m.data[x];
}

/** Row r as [index, value] pairs (for tests and small outputs). */
export function csrRow(m: ScaledCsr, r: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) out.push([m.indices[k], csrValue(m, r, k)]);
  return out;
}

/** The first k entries of row r (stored best first) as items and float32 values: a similar-items answer. */
export function csrTopOfRow(m: ScaledCsr, r: number, k: number): { items: Int32Array; scores: Float32Array } {
  if (!(r >= 0 && r < m.rows)) return { items: new Int32Array(0), scores: new Float32Array(0) };
  const to = Math.min(m.indptr[r + 1], m.indptr[r] + k);
  const scale = m.rowScale ? m.rowScale[r] : 1;
  return {
    items: m.indices.slice(m.indptr[r], to),
    scores: Float32Array.from(m.data.subarray(m.indptr[r], to), (v) => v * scale),
  };
}
