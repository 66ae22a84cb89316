/**
 * The one recommender interface. Every model (co-visitation, baselines, blends, and later embeddings)
 * implements it, and training output, evaluation, replay and the serving loader all score through it.
 * Items are integer codes of the dataset's item dictionary; string ids never enter a model.
 */
export interface HistoryEvent {
  /** Item code; a negative code or one outside the model's items is ignored (and counted). */
  item: number;
  /** EventKind code. */
  kind: number;
  /** Epoch ms. */
  ts: number;
}

export interface RecommendOptions {
  k: number;
  /** Items never to recommend (e.g. out of stock, already bought). */
  exclude?: ReadonlySet<number>;
  /** The time of the request (defaults to the last history event): recency weights count back from it. */
  now?: number;
}

/** The best items, best first, with their scores. */
export interface TopK {
  items: Int32Array;
  scores: Float32Array;
}

export interface Recommendation extends TopK {
  /** History events whose item the model does not know. */
  unknownItems: number;
}

export interface Recommender {
  /** The registered kind (models/registry.ts) that writes, reads and shrinks it. */
  readonly kind: string;
  readonly name: string;
  readonly nItems: number;
  recommend(history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation;
  /** Items most similar to one item (for "similar items" widgets); empty for models without a notion of it. */
  similarItems(item: number, k: number): TopK;
}

/** Recommendations for many histories: item codes and scores with a stride of k, padded with -1 / 0. */
export function recommendBatch(
  model: Recommender,
  histories: readonly (readonly HistoryEvent[])[],
  opts: RecommendOptions,
): TopK {
  const { k } = opts;
  const items = new Int32Array(histories.length * k).fill(-1);
  const scores = new Float32Array(histories.length * k);
  histories.forEach((h, q) => {
    const r = model.recommend(h, opts);
    items.set(r.items, q * k);
    scores.set(r.scores, q * k);
  });
  return { items, scores };
}
