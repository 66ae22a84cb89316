import type { ScaledCsr } from "../../data/csr.js";
import type { PopularModel } from "../baselines/popular.js";
import type { Recommender } from "../recommender.js";

/** Per-item facts the features read: popularity over all time and recently, the item's category and price. */
export interface ItemFacts {
  /** Weighted event count before the training end (view 1, cart_add 6, purchase 3, wishlist_add 4). */
  readonly popAll: Float32Array;
  /** The same over the last `recentMs` before the training end. */
  readonly popRecent: Float32Array;
  /** The item's latest category code (-1: none in the data). */
  readonly category: Int32Array;
  /** The item's latest known unit price (NaN: none). */
  readonly price: Float32Array;
}

/** The candidate generators of a ranking stage: neighbour lists by name, item vectors, the popularity list. */
export interface Generators {
  /** Neighbour lists scored from the recent items (the co-visitation matrices, item2vec's cosine neighbours). */
  readonly lists: readonly { readonly name: string; readonly m: ScaledCsr }[];
  /** Unit item vectors (item2vec), item-major, or null: the similarity features are then 0. */
  readonly vectors: Float32Array | null;
  readonly dim: number;
  readonly popular: PopularModel;
  /** A whole model whose own ranking is a generator too (co-visitation with its history-first rule): `model_rank`. */
  readonly baseline: Recommender | null;
}

/** How candidates are gathered. */
export interface CandidateSettings {
  /** Top N of each neighbour list. */
  candidates: number;
  /** Distinct recent items whose neighbours are summed. */
  lastN: number;
  /** At most this many of the history's own distinct items (most recent first). */
  maxHistory: number;
  /** The most popular items added to every query. */
  popularN: number;
  /**
   * The `session_score` feature: the first list's recency-weighted sum over this many distinct recent items (absent or
   * 0: no such feature; models saved before it have none).
   */
  sessionSeeds?: number;
  /** The most popular items of the last item's category added to the candidates (absent or 0: none). */
  categoryN?: number;
}

export const DEFAULT_CANDIDATES: CandidateSettings = { candidates: 100, lastN: 3, maxHistory: 20, popularN: 20 };

/** Per item (of the first n): log1p of its popularity over all time, then recently, interleaved (the features). */
export function popularityLogs(facts: ItemFacts, n: number): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = Math.log1p(facts.popAll[i]);
    out[2 * i + 1] = Math.log1p(facts.popRecent[i]);
  }
  return out;
}
