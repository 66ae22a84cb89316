import type { Csr } from "../../data/csr.js";
import type { EventTable } from "../../data/event-table.js";
import { countPairs, itemSupport, type PairParams } from "./count-pairs.js";
import { SIMILARITY, type Normalisation } from "./normalise.js";
import { topNeighbours, type ScoredPairs } from "./top-neighbours.js";
import type { Timelines } from "./timelines.js";

export interface NeighbourOptions extends PairParams {
  normalisation: Normalisation;
  /** Neighbours kept per item. */
  k: number;
  /** Pairs with a summed weight below this are dropped before normalising. */
  minSupport: number;
  /**
   * Anchor partitions counted one after the other (a % passes): memory holds one partition's pairs.
   * Top-k is per anchor, so the result does not depend on it.
   */
  passes: number;
}

/** Item-item co-visitation neighbours: count, normalise, keep the top k per item. */
export function covisNeighbours(t: EventTable, tl: Timelines, nItems: number, o: NeighbourOptions): Csr {
  const support = itemSupport(t, tl, nItems);
  const n = tl.offsets.length - 1;
  const sim = SIMILARITY[o.normalisation];
  const parts: Csr[] = [];
  for (let pass = 0; pass < o.passes; pass++) {
    const table = countPairs(t, tl, o, pass, o.passes);
    const pairs: ScoredPairs = { a: new Int32Array(table.size), b: new Int32Array(table.size), score: new Float64Array(table.size), length: 0 };
    table.forEach((a, b, w) => {
      if (w < o.minSupport) return;
      const k = pairs.length++;
      pairs.a[k] = a;
      pairs.b[k] = b;
      pairs.score[k] = sim(w, support[a], support[b], n);
    });
    parts.push(topNeighbours(pairs, nItems, o.k));
  }
  return parts.length === 1 ? parts[0] : mergeRowPartitions(parts, nItems);
}

/** Rows come from disjoint partitions (each row is non-empty in at most one part): stitch them. */
function mergeRowPartitions(parts: Csr[], nItems: number): Csr {
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
