import { UsageError } from "../errors.js";
import type { HistoryEvent, Recommendation, RecommendOptions, Recommender, TopK } from "./recommender.js";
import { ScoreBoard } from "./score-board.js";

export interface BlendPart {
  model: Recommender;
  weight: number;
}

/**
 * A weighted blend of recommenders ("previously added" vs "similar" vs "both"): each part's top
 * `depth` items, scores divided by that part's best score (so every part's scale is 0..1), are summed
 * with the part's weight. Items a part only topped up (score 0) add nothing; the result is topped up
 * by the first part's own list, so it always fills k.
 */
export class BlendModel implements Recommender {
  readonly kind = "blend";
  readonly name: string;
  private readonly board: ScoreBoard;

  constructor(
    readonly parts: BlendPart[],
    private readonly depth = 100,
  ) {
    if (parts.length === 0) throw new UsageError("a blend needs at least one model");
    const n = parts[0].model.nItems;
    if (parts.some((p) => p.model.nItems !== n))
      throw new UsageError("blended models must be trained on the same items");
    if (parts.some((p) => !(p.weight > 0))) throw new UsageError("blend weights must be positive");
    this.name = parts.map((p) => `${p.model.name}:${p.weight}`).join("+");
    this.board = new ScoreBoard(n);
  }

  get nItems(): number {
    return this.parts[0].model.nItems;
  }

  recommend(history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation {
    const depth = Math.max(opts.k, this.depth);
    let first: Recommendation | null = null;
    for (const { model, weight } of this.parts) {
      const r = model.recommend(history, { ...opts, k: depth });
      first ??= r;
      const best = r.scores.length > 0 ? r.scores[0] : 0;
      if (!(best > 0)) continue;
      for (let q = 0; q < r.items.length; q++)
        if (r.scores[q] > 0) this.board.add(r.items[q], (weight * r.scores[q]) / best);
    }
    const top = this.board.top(opts.k, opts.exclude);
    const items = Array.from(top.items);
    const scores = Array.from(top.scores);
    const have = new Set(items);
    for (let q = 0; q < first!.items.length && items.length < opts.k; q++) {
      const item = first!.items[q];
      if (have.has(item)) continue;
      have.add(item);
      items.push(item);
      scores.push(0);
    }
    return { items: Int32Array.from(items), scores: Float32Array.from(scores), unknownItems: first!.unknownItems };
  }

  similarItems(item: number, k: number): TopK {
    return this.parts[0].model.similarItems(item, k);
  }
}
