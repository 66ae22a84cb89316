import type { Csr } from "../../data/csr.js";

/** Scored neighbours grouped by anchor: anchor a's are `b[offsets[a] .. offsets[a + 1])`. */
export interface ScoredRows {
  offsets: Int32Array;
  b: Int32Array;
  score: Float64Array;
}

/**
 * The k best neighbours of every anchor as a Csr: score descending, scores rounded to 1e-9 so that
 * float noise never decides, ties broken by neighbour code (deterministic). Rows longer than k are
 * cut with a size-k heap, so the cost is O(row log k).
 */
export function topNeighbours(rows: ScoredRows, nItems: number, k: number): Csr {
  const { offsets, b, score } = rows;
  const indptr = new Int32Array(nItems + 1);
  for (let a = 0; a < nItems; a++) indptr[a + 1] = indptr[a] + Math.min(k, offsets[a + 1] - offsets[a]);
  const indices = new Int32Array(indptr[nItems]);
  const data = new Float64Array(indptr[nItems]);
  const heap = new Int32Array(k); // positions into b/score; heap[0] is the worst kept
  let longest = 0;
  for (let a = 0; a < nItems; a++) longest = Math.max(longest, offsets[a + 1] - offsets[a]);
  // rounded scores of the current row only, indexed by position - from
  const rounded = new Float64Array(longest);
  let from = 0;
  // x ranks before y: higher score, then lower neighbour code
  const better = (x: number, y: number) => rounded[x - from] > rounded[y - from] || (rounded[x - from] === rounded[y - from] && b[x] < b[y]);
  for (let a = 0; a < nItems; a++) {
    from = offsets[a];
    const to = offsets[a + 1];
    if (from === to) continue;
    for (let q = from; q < to; q++) rounded[q - from] = Math.round(score[q] * 1e9) / 1e9;
    let size = 0;
    for (let q = from; q < to; q++) {
      if (size < k) {
        heap[size] = q;
        siftUp(heap, size++, better);
      } else if (better(q, heap[0])) {
        heap[0] = q;
        siftDown(heap, size, better);
      }
    }
    const kept = Array.from(heap.subarray(0, size)).sort((x, y) => (better(x, y) ? -1 : better(y, x) ? 1 : 0));
    for (let r = 0; r < size; r++) {
      indices[indptr[a] + r] = b[kept[r]];
      data[indptr[a] + r] = rounded[kept[r] - from];
    }
  }
  return { rows: nItems, indptr, indices, data };
}

/** Min-heap on "better": the root is the worst element kept. */
function siftUp(h: Int32Array, i: number, better: (x: number, y: number) => boolean): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!better(h[parent], h[i])) break;
    const t = h[parent];
    h[parent] = h[i];
    h[i] = t;
    i = parent;
  }
}

function siftDown(h: Int32Array, size: number, better: (x: number, y: number) => boolean): void {
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let worst = i;
    if (l < size && better(h[worst], h[l])) worst = l;
    if (r < size && better(h[worst], h[r])) worst = r;
    if (worst === i) return;
    const t = h[worst];
    h[worst] = h[i];
    h[i] = t;
    i = worst;
  }
}
