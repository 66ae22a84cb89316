import { csrTopOfRow, type ScaledCsr } from "../../data/csr.js";
import { countUnknown, type PopularModel } from "../baselines/popular.js";
import { DistinctRecent } from "../covis/covis-model.js";
import type { HistoryEvent, Recommendation, RecommendOptions, Recommender, TopK } from "../recommender.js";
import { topUp } from "../score-board.js";
import { TopKHeap, type Ranking } from "../top-k-heap.js";
import { trainedRows } from "./cosine-neighbours.js";

/**
 * Item embeddings: unit vectors per item (zero for items left out of training). recommend() scores
 * every item by cosine to the harmonic-recency-weighted mean of the history's distinct items (the
 * reference's "mean" scoring), tops up with popular items; similarItems() reads the precomputed
 * neighbour lists, so serving needs no tensor library.
 */
const EMPTY: TopK = { items: new Int32Array(0), scores: new Float32Array(0) };

export class Item2VecModel implements Recommender, Ranking {
  readonly kind = "item2vec";
  readonly name = "item2vec";
  private readonly scores: Float32Array;
  private readonly heap = new TopKHeap(this);
  private readonly recent = new DistinctRecent();
  private readonly query: Float32Array;
  /** Items with a trained (non-zero) vector. */
  private readonly trained: Uint8Array;

  constructor(
    /** Unit vectors, item-major. */
    readonly vectors: Float32Array,
    readonly dim: number,
    readonly neighbours: ScaledCsr,
    readonly popular: PopularModel,
    /** Distinct recent history items averaged into the query. */
    readonly lastN = 10,
  ) {
    this.scores = new Float32Array(popular.nItems);
    this.query = new Float32Array(dim);
    this.trained = trainedRows(vectors, dim);
  }

  get nItems(): number {
    return this.popular.nItems;
  }

  recommend(history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation {
    if (!this.queryOf(history, this.query)) return this.finish(EMPTY, history, opts);
    const heap = this.heap;
    heap.reset(opts.k);
    // the scan over every item is the cost of a recommendation
    for (let i = 0; i < this.nItems; i++) {
      const s = (this.scores[i] = this.scoreOf(this.query, i));
      if (s > 0 && !opts.exclude?.has(i)) heap.offer(i);
    }
    return this.finish(this.drain(), history, opts);
  }

  /**
   * The query of a history into `out`: the harmonic-recency-weighted sum of its last `lastN` distinct
   * items' vectors (cosine ranks do not need it scaled). False when none of them has a vector.
   */
  queryOf(history: readonly HistoryEvent[], out: Float32Array): boolean {
    const D = this.dim;
    out.fill(0);
    let any = false;
    this.recent.collect(history, this.nItems, this.lastN).forEach((item, r) => {
      const w = 1 / (1 + r);
      for (let d = 0; d < D; d++) out[d] += w * this.vectors[item * D + d];
      any ||= this.trained[item] === 1;
    });
    return any;
  }

  /** Item i's score for query q, as recommend() ranks it: the dot product summed in four lanes, kept as float32. */
  scoreOf(q: Float32Array, i: number): number {
    const D = this.dim;
    const v = this.vectors;
    const at = i * D;
    const D4 = D & ~3;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let d = 0;
    for (; d < D4; d += 4) {
      s0 += q[d] * v[at + d];
      s1 += q[d + 1] * v[at + d + 1];
      s2 += q[d + 2] * v[at + d + 2];
      s3 += q[d + 3] * v[at + d + 3];
    }
    for (; d < D; d++) s0 += q[d] * v[at + d];
    return Math.fround(s0 + s1 + (s2 + s3));
  }

  /**
   * recommend() for query q when only `candidates` can make its top k (a batch scorer found them):
   * the same ranking over them, then the same top-up. Returns the answer and its k-th score (0 when
   * fewer than k items scored above 0).
   */
  recommendAmong(
    history: readonly HistoryEvent[],
    q: Float32Array,
    candidates: ArrayLike<number>,
    opts: RecommendOptions,
  ): { answer: Recommendation; kth: number } {
    const heap = this.heap;
    heap.reset(opts.k);
    for (let c = 0; c < candidates.length; c++) {
      const i = candidates[c];
      const s = (this.scores[i] = this.scoreOf(q, i));
      if (s > 0 && !opts.exclude?.has(i)) heap.offer(i);
    }
    const kth = heap.size === opts.k && heap.size > 0 ? this.scores[heap.worst()] : 0;
    return { answer: this.finish(this.drain(), history, opts), kth };
  }

  private drain(): TopK {
    const items = new Int32Array(this.heap.size);
    const scores = new Float32Array(this.heap.size);
    this.heap.drain((r, i) => {
      items[r] = i;
      scores[r] = this.scores[i];
    });
    return { items, scores };
  }

  /** Tops a ranking up with popular items and counts the unknown history items. */
  private finish(top: TopK, history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation {
    return {
      ...topUp(top, this.popular.ranked, opts.k, opts.exclude),
      unknownItems: countUnknown(history, this.nItems),
    };
  }

  /** i ranks before j: higher cosine, then lower code. */
  ranks(i: number, j: number): boolean {
    return this.scores[i] > this.scores[j] || (this.scores[i] === this.scores[j] && i < j);
  }

  similarItems(item: number, k: number): TopK {
    return csrTopOfRow(this.neighbours, item, k);
  }
}
