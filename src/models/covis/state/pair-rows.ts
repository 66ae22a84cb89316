import type { ChunkPairs } from "../count-pairs.js";
import { grown } from "../../../data/grow-array.js";

/**
 * Summed pair weights as sparse rows (the shape of one counted chunk, ChunkPairs): anchor `anchors[r]` (ascending) has
 * neighbours `b[starts[r] .. starts[r + 1])` with weights `w`, each neighbour once. This file holds the operations a
 * co-visitation state needs on them: sum chunks, add with a factor, cut each row to its heaviest entries.
 */
export type PairRows = ChunkPairs;

/** Rows from weighted sources, summed per anchor and neighbour. */
interface Source {
  rows: PairRows;
  factor: number;
}

/**
 * For every anchor, `sum_s factor_s * rows_s` over the sources in order, each row's neighbours in first-seen order.
 * With one factor-1 source per counted chunk this is the summation rankAnchors does (covis-neighbours.ts): the same
 * float operations in the same order, so a model ranked from these rows has the same bytes. Entries whose sum is not
 * above 0 are left out (only a truncated state can make one; see mergeState).
 */
export function sumRows(sources: Source[], nItems: number): PairRows {
  const cursor = new Int32Array(sources.length);
  const seen = new Int32Array(2 * nItems).fill(-1);
  const anchors = new Int32Array(nItems);
  let starts = new Int32Array(1024);
  let b = new Int32Array(1024);
  let w = new Float64Array(1024);
  let nAnchors = 0;
  let size = 0;
  const heads = anchorsInAny(sources.map((s) => s.rows));
  for (const a of heads) {
    const from = size;
    for (let s = 0; s < sources.length; s++) {
      const { rows, factor } = sources[s];
      const r = cursor[s];
      if (r >= rows.anchors.length || rows.anchors[r] !== a) continue;
      cursor[s] = r + 1;
      const end = rows.starts[r + 1];
      const need = size + end - rows.starts[r];
      if (need > b.length) [b, w] = [grown(b, need), grown(w, need)];
      for (let q = rows.starts[r]; q < end; q++) {
        const nb = rows.b[q];
        const add = factor === 1 ? rows.w[q] : factor * rows.w[q];
        if (seen[2 * nb] === a) w[seen[2 * nb + 1]] += add;
        else {
          seen[2 * nb] = a;
          seen[2 * nb + 1] = size;
          b[size] = nb;
          w[size++] = add;
        }
      }
    }
    // drop entries that are not above 0 (compacting the row in place)
    let kept = from;
    for (let q = from; q < size; q++) {
      if (!(w[q] > 0)) continue;
      b[kept] = b[q];
      w[kept++] = w[q];
    }
    size = kept;
    if (size === from) continue;
    if (nAnchors + 2 > starts.length) starts = grown(starts, nAnchors + 2);
    anchors[nAnchors] = a;
    starts[nAnchors++] = from;
  }
  starts[nAnchors] = size;
  return {
    anchors: anchors.slice(0, nAnchors),
    starts: starts.slice(0, nAnchors + 1),
    b: b.slice(0, size),
    w: w.slice(0, size),
  };
}

/** The anchors of any of the rows, ascending, each once. */
function anchorsInAny(all: PairRows[]): Int32Array {
  const total = all.reduce((s, r) => s + r.anchors.length, 0);
  const merged = new Int32Array(total);
  let at = 0;
  for (const r of all) merged.set(r.anchors, (at += r.anchors.length) - r.anchors.length);
  merged.sort();
  let n = 0;
  for (let q = 0; q < merged.length; q++) if (q === 0 || merged[q] !== merged[q - 1]) merged[n++] = merged[q];
  return merged.subarray(0, n);
}

/**
 * Each row cut to its `keep` heaviest entries (weight descending, ties by neighbour code), in that order; keep 0 keeps
 * every entry, in its order.
 */
export function heaviest(rows: PairRows, keep: number): PairRows {
  if (keep === 0) return rows;
  const n = rows.anchors.length;
  const starts = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) starts[r + 1] = starts[r] + Math.min(keep, rows.starts[r + 1] - rows.starts[r]);
  const b = new Int32Array(starts[n]);
  const w = new Float64Array(starts[n]);
  let order = new Int32Array(64);
  for (let r = 0; r < n; r++) {
    const from = rows.starts[r];
    const len = rows.starts[r + 1] - from;
    if (len > order.length) order = new Int32Array(2 * len);
    const idx = order.subarray(0, len);
    for (let q = 0; q < len; q++) idx[q] = from + q;
    idx.sort((x, y) => rows.w[y] - rows.w[x] || rows.b[x] - rows.b[y]);
    for (let q = 0; q < starts[r + 1] - starts[r]; q++) {
      b[starts[r] + q] = rows.b[idx[q]];
      w[starts[r] + q] = rows.w[idx[q]];
    }
  }
  return { anchors: rows.anchors.slice(), starts, b, w };
}

/**
 * Rows renamed into another item coding: `code[old]` is the new code of each item (all >= 0). The anchors come out
 * ascending in the new codes; each row keeps its entries' order.
 */
export function recodeRows(rows: PairRows, code: Int32Array): PairRows {
  const n = rows.anchors.length;
  const order = Int32Array.from({ length: n }, (_, r) => r).sort(
    (x, y) => code[rows.anchors[x]] - code[rows.anchors[y]],
  );
  const anchors = new Int32Array(n);
  const starts = new Int32Array(n + 1);
  const b = new Int32Array(rows.b.length);
  const w = new Float64Array(rows.w.length);
  for (let i = 0; i < n; i++) {
    const r = order[i];
    anchors[i] = code[rows.anchors[r]];
    const len = rows.starts[r + 1] - rows.starts[r];
    starts[i + 1] = starts[i] + len;
    for (let q = 0; q < len; q++) {
      b[starts[i] + q] = code[rows.b[rows.starts[r] + q]];
      w[starts[i] + q] = rows.w[rows.starts[r] + q];
    }
  }
  return { anchors, starts, b, w };
}
