import type { Csr } from "../../data/csr.js";
import { yieldPoint } from "../../data/yield-point.js";
import {
  ChunkCounter,
  CHUNK_EVENTS,
  chunkBounds,
  itemSupport,
  type ChunkPairs,
  type PairEvents,
  type PairParams,
} from "./count-pairs.js";
import { SIMILARITY, type Normalisation } from "./normalise.js";
import { TopNeighbourSelector } from "./top-neighbours.js";
import { grown } from "../../data/grow-array.js";
import type { Timelines } from "../../data/timelines.js";

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

/** Item-item co-visitation neighbours: count chunk by chunk, sum per anchor, normalise, keep the top k per item. */
export function covisNeighbours(
  t: PairEvents,
  tl: Timelines,
  nItems: number,
  o: NeighbourOptions,
  chunkEvents = CHUNK_EVENTS,
): Csr {
  const support = itemSupport(t, tl, nItems);
  const passes = o.passes > 0 ? o.passes : autoPasses(t, tl, nItems, o.maxGap);
  const bounds = chunkBounds(tl, chunkEvents);
  const parts: Csr[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const counter = new ChunkCounter(t, tl, nItems, o, pass, passes);
    const chunks: ChunkPairs[] = [];
    for (let c = 0; c + 1 < bounds.length; c++) chunks.push(counter.count(bounds[c], bounds[c + 1]));
    parts.push(rankAnchors(chunks, support, tl.offsets.length - 1, nItems, o, 0, nItems));
  }
  return parts.length === 1 ? parts[0] : mergeRowPartitions(parts, nItems);
}

/**
 * covisNeighbours returning to the event loop between chunks and passes (data/yield-point.ts), so that an interrupt
 * stops a training within about one chunk's work. The same steps, the same bytes.
 */
export async function covisNeighboursYielding(
  t: PairEvents,
  tl: Timelines,
  nItems: number,
  o: NeighbourOptions,
  chunkEvents = CHUNK_EVENTS,
): Promise<Csr> {
  const support = itemSupport(t, tl, nItems);
  const passes = o.passes > 0 ? o.passes : autoPasses(t, tl, nItems, o.maxGap);
  const bounds = chunkBounds(tl, chunkEvents);
  const parts: Csr[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const counter = new ChunkCounter(t, tl, nItems, o, pass, passes);
    const chunks: ChunkPairs[] = [];
    for (let c = 0; c + 1 < bounds.length; c++) {
      await yieldPoint();
      chunks.push(counter.count(bounds[c], bounds[c + 1]));
    }
    await yieldPoint();
    parts.push(rankAnchors(chunks, support, tl.offsets.length - 1, nItems, o, 0, nItems));
  }
  return parts.length === 1 ? parts[0] : mergeRowPartitions(parts, nItems);
}

/**
 * The top-k rows of anchors `[from, to)`: each anchor's chunk rows summed per neighbour in chunk order,
 * scored by the normalisation (pairs under the minimum support dropped) and cut to the best k.
 * The other rows stay empty.
 */
export function rankAnchors(
  chunks: ChunkPairs[],
  support: Float64Array,
  nTimelines: number,
  nItems: number,
  o: Pick<NeighbourOptions, "normalisation" | "k" | "minSupport">,
  from: number,
  to: number,
): Csr {
  const sim = SIMILARITY[o.normalisation];
  const select = new TopNeighbourSelector(o.k);
  const cursor = chunks.map((c) => lowerBound(c.anchors, from));
  // per neighbour: the anchor whose row last saw it (at 2 nb) and its position in that row (2 nb + 1), side by side for
  // the cache
  const seen = new Int32Array(2 * nItems).fill(-1);
  let rowB = new Int32Array(1024);
  let rowW = new Float64Array(1024);
  const indptr = new Int32Array(nItems + 1);
  // room for every kept neighbour at once: at most k per anchor and at most the anchors' chunk entries
  let entries = 0;
  // Stryker disable next-line all: the room reserved; a short one grows below, so any size gives the same rows
  for (const c of chunks) entries += c.starts[upperBound(c.anchors, to - 1)] - c.starts[lowerBound(c.anchors, from)];
  // Stryker disable next-line all: the room reserved; a short one grows below, so any size gives the same rows
  let indices = new Int32Array(Math.max(1, Math.min(entries, (to - from) * o.k)));
  let data = new Float64Array(indices.length);
  for (let a = from; a < to; a++) {
    let len = 0;
    for (let c = 0; c < chunks.length; c++) {
      const { anchors, starts, b, w } = chunks[c];
      const r = cursor[c];
      if (r >= anchors.length || anchors[r] !== a) continue;
      cursor[c] = r + 1;
      const start = starts[r];
      const end = starts[r + 1];
      if (len + end - start > rowB.length)
        [rowB, rowW] = [grown(rowB, len + end - start), grown(rowW, len + end - start)];
      for (let q = start; q < end; q++) {
        const nb = b[q];
        if (seen[2 * nb] === a) rowW[seen[2 * nb + 1]] += w[q];
        else {
          seen[2 * nb] = a;
          seen[2 * nb + 1] = len;
          rowB[len] = nb;
          rowW[len++] = w[q];
        }
      }
    }
    // below minimum support a pair scores 0 and is dropped
    for (let q = 0; q < len; q++)
      rowW[q] = rowW[q] < o.minSupport ? 0 : sim(rowW[q], support[a], support[rowB[q]], nTimelines);
    const kept = select.select(rowB, rowW, 0, len);
    // Stryker disable all: the room reserved above (k per anchor, and no more than its entries) is never short
    if (indptr[a] + kept > indices.length)
      [indices, data] = [grown(indices, indptr[a] + kept), grown(data, indptr[a] + kept)];
    // Stryker restore all
    indices.set(select.indices.subarray(0, kept), indptr[a]);
    data.set(select.data.subarray(0, kept), indptr[a]);
    indptr[a + 1] = indptr[a] + kept;
  }
  for (let a = to; a < nItems; a++) indptr[a + 1] = indptr[a];
  return { rows: nItems, indptr, indices: indices.slice(0, indptr[nItems]), data: data.slice(0, indptr[nItems]) };
}

/** First r with sorted[r] > value. */
function upperBound(sorted: Int32Array, value: number): number {
  // Stryker disable next-line ArithmeticOperator: used only to size the room reserved, which grows when short
  return lowerBound(sorted, value + 1);
}

/** First r with sorted[r] >= value. */
function lowerBound(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Bytes of summed pairs one pass may hold (12 bytes each: neighbour code and weight). */
export const PASS_BUDGET_BYTES = 1 << 30;

/**
 * Passes needed to keep one pass's summed pairs under the budget, from an upper bound on each
 * timeline's distinct ordered pairs: at most 2 sum_x min(maxGap, L - 1 - x) (position pairs, both
 * ways) and at most u (u - 1) for u distinct items (repeats of an item add no pair).
 */
export function autoPasses(t: PairEvents, tl: Timelines, nItems: number, maxGap: number): number {
  const seenIn = new Int32Array(nItems).fill(-1);
  let pairs = 0;
  for (let x = 0; x + 1 < tl.offsets.length; x++) {
    const L = tl.offsets[x + 1] - tl.offsets[x];
    const g = Math.min(maxGap, L - 1);
    let distinct = 0;
    for (let e = tl.offsets[x]; e < tl.offsets[x + 1]; e++) {
      const item = t.item[tl.events[e]];
      if (seenIn[item] !== x) {
        seenIn[item] = x;
        distinct++;
      }
    }
    pairs += Math.min(2 * (g * L - (g * (g + 1)) / 2), distinct * (distinct - 1));
  }
  return Math.max(1, Math.ceil((pairs * 12) / PASS_BUDGET_BYTES));
}

/** Rows come from disjoint partitions (each row is non-empty in at most one part): stitch them. */
export function mergeRowPartitions(parts: Csr[], nItems: number): Csr {
  const indptr = new Int32Array(nItems + 1);
  for (const m of parts) for (let r = 0; r < nItems; r++) indptr[r + 1] += m.indptr[r + 1] - m.indptr[r];
  for (let r = 0; r < nItems; r++) indptr[r + 1] += indptr[r];
  const indices = new Int32Array(indptr[nItems]);
  const data = new Float64Array(indptr[nItems]);
  if (inRowOrder(parts, nItems)) {
    // parts of consecutive anchor ranges, in order (one pass on several threads): their entries, one after another
    let at = 0;
    for (const m of parts) {
      const n = m.indptr[nItems];
      indices.set(m.indices.subarray(0, n), at);
      data.set(m.data.subarray(0, n), at);
      at += n;
    }
    return { rows: nItems, indptr, indices, data };
  }
  // a row's entries are its parts' entries in part order; each part's row is copied as one block
  const at = indptr.slice(0, nItems);
  for (const m of parts) {
    for (let r = 0; r < nItems; r++) {
      const from = m.indptr[r];
      const to = m.indptr[r + 1];
      if (from === to) continue;
      indices.set(m.indices.subarray(from, to), at[r]);
      data.set(m.data.subarray(from, to), at[r]);
      at[r] += to - from;
    }
  }
  return { rows: nItems, indptr, indices, data };
}

/** True when every part's non-empty rows come after the previous part's. */
function inRowOrder(parts: Csr[], nItems: number): boolean {
  // Stryker disable next-line UnaryOperator: a wrong "false" only takes the general path, which gives the same rows
  let last = -1;
  for (const m of parts) {
    let first = 0;
    while (first < nItems && m.indptr[first + 1] === m.indptr[first]) first++;
    if (first === nItems) continue;
    if (first <= last) return false;
    // Stryker disable next-line ArithmeticOperator: from nItems + 1 the scan stops at nItems: "false", the general path
    last = nItems - 1;
    while (m.indptr[last + 1] === m.indptr[last]) last--;
  }
  // Stryker disable next-line BooleanLiteral: "false" takes the general path, which gives the same rows
  return true;
}
