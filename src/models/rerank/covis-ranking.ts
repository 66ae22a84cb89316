import { CovisModel } from "../covis/covis-model.js";

/**
 * Co-visitation's own ranking of a history, as CovisModel.recommend(history, { k: N }) gives it with the history
 * first and nothing excluded: the history's distinct items (most recent first, at most its maxHistory), then the
 * neighbours of its lastN most recent items by summed score (float64, positive, ties by item code), then popular
 * items. Computed from the distinct recent items in scratch arrays (no allocation per query): the `model_rank` feature
 * and its candidates. A test holds it equal to recommend().
 */
export class CovisRanking {
  /** The ranked items, best first: `items[0 .. n)`. */
  items = new Int32Array(256);
  n = 0;
  private readonly sum: Float64Array;
  private readonly stamp: Int32Array;
  /** Per item: its position + 1 in the list (valid where stamp equals the query). */
  private readonly pos: Int32Array;
  private touched: Int32Array = new Int32Array(256);
  private order: Int32Array = new Int32Array(256);
  private keys = new Float64Array(256);
  private query = 0;

  constructor(readonly covis: CovisModel) {
    const n = covis.nItems;
    this.sum = new Float64Array(n);
    this.stamp = new Int32Array(n);
    this.pos = new Int32Array(n);
  }

  /** A baseline this can stand in for: co-visitation with its history first. */
  static fits(baseline: unknown): baseline is CovisModel {
    return baseline instanceof CovisModel && baseline.scoring.history === "first";
  }

  /** How many distinct recent items run() needs (when the history has them). */
  get recentNeeded(): number {
    return Math.max(this.covis.scoring.lastN, this.covis.scoring.maxHistory);
  }

  /** 1 / rank of the item in the last run's list, 0 when it is not in it. */
  inverseRank(item: number): number {
    return this.stamp[item] === this.query && this.pos[item] > 0 ? 1 / this.pos[item] : 0;
  }

  /** Ranks the history given as its distinct known items, most recent first (`recent[0 .. nRecent)`); returns n. */
  run(recent: Int32Array, nRecent: number, N: number): number {
    const q = ++this.query;
    const { lastN, maxHistory } = this.covis.scoring;
    const { indptr, indices, data, rowScale } = this.covis.neighbours;
    const { stamp, sum, pos } = this;
    if (this.items.length < N) this.items = new Int32Array(N);
    this.n = 0;
    // the history's own items first; they are left out of the neighbours
    const own = Math.min(nRecent, maxHistory);
    for (let x = 0; x < own; x++) {
      const item = recent[x];
      stamp[item] = q;
      pos[item] = 0;
      sum[item] = -1;
      if (this.n < N) pos[item] = this.push(item);
    }
    // the neighbours of the lastN newest items, summed as the model's score board sums them
    const seeds = Math.min(lastN, nRecent);
    let t = 0;
    for (let r = 0; r < seeds; r++) {
      const seed = recent[r];
      const w =
        (seeds === 1 ? 1 : Math.pow(2, 0.1 + (0.9 * (seeds - 1 - r)) / (seeds - 1)) - 1) *
        (rowScale ? rowScale[seed] : 1);
      for (let e = indptr[seed]; e < indptr[seed + 1]; e++) {
        const add = w * data[e];
        if (!(add > 0)) continue;
        const nb = indices[e];
        if (stamp[nb] !== q) {
          stamp[nb] = q;
          pos[nb] = 0;
          sum[nb] = 0;
          if (t === this.touched.length) this.touched = grow(this.touched);
          this.touched[t++] = nb;
        }
        if (sum[nb] >= 0) sum[nb] += add;
      }
    }
    if (this.n < N) this.rankNeighbours(t, N);
    // popular items fill the list
    const popular = this.covis.popular.ranked;
    for (let p = 0; p < popular.length && this.n < N; p++) {
      const item = popular[p];
      if (stamp[item] === q && pos[item] > 0) continue;
      stamp[item] = q;
      sum[item] = -1;
      pos[item] = this.push(item);
    }
    return this.n;
  }

  /**
   * Appends the touched neighbours (not the history's own) by score descending, then item code, until the list has
   * N. The float32 of each score orders them first (one native sort of packed keys, for item codes below 2^21); a pass
   * of insertion sort then settles the few float64 near-ties that float32 rounding merged (and, for larger
   * catalogues, sorts them all).
   */
  private rankNeighbours(t: number, N: number): void {
    const { sum, touched } = this;
    if (this.order.length < t) {
      this.order = new Int32Array(this.touched.length);
      this.keys = new Float64Array(this.touched.length);
    }
    const order = this.order;
    let m = 0;
    if (this.covis.nItems > ITEMS) {
      for (let x = 0; x < t; x++) if (sum[touched[x]] > 0) order[m++] = touched[x];
    } else {
      for (let x = 0; x < t; x++) if (sum[touched[x]] > 0) this.keys[m++] = packed(sum[touched[x]], touched[x]);
      const keys = this.keys.subarray(0, m);
      keys.sort();
      for (let x = 0; x < m; x++) order[x] = keys[x] % ITEMS;
    }
    for (let x = 1; x < m; x++) {
      const item = order[x];
      let y = x - 1;
      while (y >= 0 && before(sum, item, order[y])) {
        order[y + 1] = order[y];
        y--;
      }
      order[y + 1] = item;
    }
    for (let x = 0; x < m && this.n < N; x++) this.pos[order[x]] = this.push(order[x]);
  }

  private push(item: number): number {
    this.items[this.n++] = item;
    return this.n;
  }
}

const ITEMS = 2 ** 21;
const bits = new Uint32Array(1);
const asFloat = new Float32Array(bits.buffer);

/** A sort key of a positive score and an item: larger float32 scores first, then lower items (items below 2^21). */
function packed(score: number, item: number): number {
  asFloat[0] = score;
  return (0x7fffffff - (bits[0] & 0x7fffffff)) * ITEMS + item;
}

function before(sum: Float64Array, a: number, b: number): boolean {
  return sum[a] > sum[b] || (sum[a] === sum[b] && a < b);
}

function grow(a: Int32Array): Int32Array {
  const out = new Int32Array(a.length * 2);
  out.set(a);
  return out;
}
