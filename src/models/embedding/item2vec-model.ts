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
export class Item2VecModel implements Recommender, Ranking {
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
    const D = this.dim;
    const recent = this.recent.collect(history, this.nItems, this.lastN);
    this.query.fill(0);
    let any = false;
    recent.forEach((item, r) => {
      const w = 1 / (1 + r);
      for (let d = 0; d < D; d++) this.query[d] += w * this.vectors[item * D + d];
      any ||= this.trained[item] === 1;
    });
    let top: TopK = { items: new Int32Array(0), scores: new Float32Array(0) };
    if (any) {
      const heap = this.heap;
      heap.reset(opts.k);
      const q = this.query;
      const v = this.vectors;
      const D4 = D & ~3;
      for (let i = 0; i < this.nItems; i++) {
        // four lanes: the scan over every item is the cost of a recommendation
        const at = i * D;
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
        const s = s0 + s1 + (s2 + s3);
        this.scores[i] = s;
        if (s > 0 && !opts.exclude?.has(i)) heap.offer(i);
      }
      const items = new Int32Array(heap.size);
      const scores = new Float32Array(heap.size);
      heap.drain((r, i) => {
        items[r] = i;
        scores[r] = this.scores[i];
      });
      top = { items, scores };
    }
    return { ...topUp(top, this.popular.ranked, opts.k, opts.exclude), unknownItems: countUnknown(history, this.nItems) };
  }

  /** i ranks before j: higher cosine, then lower code. */
  ranks(i: number, j: number): boolean {
    return this.scores[i] > this.scores[j] || (this.scores[i] === this.scores[j] && i < j);
  }

  similarItems(item: number, k: number): TopK {
    return csrTopOfRow(this.neighbours, item, k);
  }
}
