/** The one sparse shape: row r holds indices[indptr[r] .. indptr[r + 1]) with their data values. */
export interface Csr {
  readonly rows: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: Float64Array;
}

/** Row r as [index, value] pairs (for tests and small outputs). */
export function csrRow(m: Csr, r: number): [number, number][] {
  const out: [number, number][] = [];
  for (let k = m.indptr[r]; k < m.indptr[r + 1]; k++) out.push([m.indices[k], m.data[k]]);
  return out;
}
