import type { Csr } from "../../data/csr.js";
import { countPairs, itemSupport, type PairEvents, type PairParams } from "./count-pairs.js";
import { SIMILARITY, type Normalisation } from "./normalise.js";
import { topNeighbours, type ScoredRows } from "./top-neighbours.js";
import type { Timelines } from "./timelines.js";

export interface NeighbourOptions extends PairParams {
  normalisation: Normalisation;
  /** Neighbours kept per item. */
  k: number;
  /** Pairs with a summed weight below this are dropped before normalising. */
  minSupport: number;
  /**
   * Anchor partitions counted one after the other (a % passes): memory holds one partition's pairs.
   * Top-k is per anchor, so the result does not depend on it. 0 chooses from the data (autoPasses).
   */
  passes: number;
}

/** Item-item co-visitation neighbours: count, normalise, keep the top k per item. */
export function covisNeighbours(t: PairEvents, tl: Timelines, nItems: number, o: NeighbourOptions): Csr {
  const support = itemSupport(t, tl, nItems);
  const passes = o.passes > 0 ? o.passes : autoPasses(tl, o.maxGap);
  const parts: Csr[] = [];
  for (let pass = 0; pass < passes; pass++) parts.push(neighboursForPass(t, tl, nItems, o, support, pass, passes));
  return parts.length === 1 ? parts[0] : mergeRowPartitions(parts, nItems);
}

/** The top-k rows of the anchors of one pass (a % passes === pass); the other rows stay empty. */
export function neighboursForPass(t: PairEvents, tl: Timelines, nItems: number, o: NeighbourOptions, support: Float64Array, pass: number, passes: number): Csr {
  const n = tl.offsets.length - 1;
  const sim = SIMILARITY[o.normalisation];
  const pairs = countPairs(t, tl, nItems, o, pass, passes);
  // scores overwrite the weights in place: the pair arrays are the largest allocation of training
  const score = pairs.w;
  for (let a = 0; a < nItems; a++) {
    for (let q = pairs.offsets[a]; q < pairs.offsets[a + 1]; q++) {
      // below minimum support a pair scores 0 and is dropped with the rest of the tail
      score[q] = score[q] < o.minSupport ? 0 : sim(score[q], support[a], support[pairs.b[q]], n);
    }
  }
  return topNeighbours(dropZeros({ offsets: pairs.offsets, b: pairs.b, score }, nItems), nItems, o.k);
}

/** Bytes of pair occurrences one pass may hold (12 bytes each: neighbour code and weight). */
export const PASS_BUDGET_BYTES = 1 << 30;

/**
 * Passes needed to keep one pass's pair occurrences under the budget, from an upper bound: a timeline
 * of length L has at most sum_x min(maxGap, L - 1 - x) position pairs, each counted both ways.
 */
export function autoPasses(tl: Timelines, maxGap: number): number {
  let pairs = 0;
  for (let t = 0; t + 1 < tl.offsets.length; t++) {
    const L = tl.offsets[t + 1] - tl.offsets[t];
    const g = Math.min(maxGap, L - 1);
    pairs += 2 * (g * L - (g * (g + 1)) / 2);
  }
  return Math.max(1, Math.ceil((pairs * 12) / PASS_BUDGET_BYTES));
}

/** Rows come from disjoint partitions (each row is non-empty in at most one part): stitch them. */
export function mergeRowPartitions(parts: Csr[], nItems: number): Csr {
  const indptr = new Int32Array(nItems + 1);
  for (let r = 0; r < nItems; r++) indptr[r + 1] = indptr[r] + parts.reduce((s, m) => s + m.indptr[r + 1] - m.indptr[r], 0);
  const indices = new Int32Array(indptr[nItems]);
  const data = new Float64Array(indptr[nItems]);
  for (let r = 0; r < nItems; r++) {
    let at = indptr[r];
    for (const m of parts) {
      for (let q = m.indptr[r]; q < m.indptr[r + 1]; q++, at++) {
        indices[at] = m.indices[q];
        data[at] = m.data[q];
      }
    }
  }
  return { rows: nItems, indptr, indices, data };
}

/** Rows without their zero-score entries (pairs under the minimum support). */
function dropZeros(rows: ScoredRows, nItems: number): ScoredRows {
  let zeros = 0;
  for (let q = 0; q < rows.score.length; q++) if (!(rows.score[q] > 0)) zeros++;
  if (zeros === 0) return rows;
  const offsets = new Int32Array(nItems + 1);
  const b = new Int32Array(rows.b.length - zeros);
  const score = new Float64Array(rows.b.length - zeros);
  let out = 0;
  for (let a = 0; a < nItems; a++) {
    for (let q = rows.offsets[a]; q < rows.offsets[a + 1]; q++) {
      if (!(rows.score[q] > 0)) continue;
      b[out] = rows.b[q];
      score[out++] = rows.score[q];
    }
    offsets[a + 1] = out;
  }
  return { offsets, b, score };
}
