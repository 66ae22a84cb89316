import { eventWeights } from "../event-weights.js";
import type { HistoryEvent, Recommendation, RecommendOptions, Recommender, TopK } from "../recommender.js";
import { ScoreBoard, topUp } from "../score-board.js";
import { countUnknown, type PopularModel } from "./popular.js";

export interface HistoryOptions {
  weights?: Partial<Record<string, number>>;
  /** Half-life of the recency weight, back from the request time (default 3 days). */
  halfLifeMs?: number;
}

/**
 * The user's own items ("resurface what they added before", the empty-cart strategy): each distinct
 * history item scores the sum over its events of event weight x 2^-(age / half-life); ranked, then
 * topped up with popular items.
 */
export class HistoryModel implements Recommender {
  readonly kind = "history";
  readonly name = "history";
  private readonly board: ScoreBoard;
  private readonly weights: Float64Array;
  private readonly halfLifeMs: number;

  constructor(
    readonly fallback: PopularModel,
    readonly options: HistoryOptions = {},
  ) {
    this.board = new ScoreBoard(fallback.nItems);
    this.weights = eventWeights(options.weights);
    this.halfLifeMs = options.halfLifeMs ?? 3 * 86_400_000;
  }

  get nItems(): number {
    return this.fallback.nItems;
  }

  recommend(history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation {
    const now = opts.now ?? history.reduce((m, e) => Math.max(m, e.ts), -Infinity);
    for (const e of history) {
      if (!(e.item >= 0 && e.item < this.nItems)) continue;
      const w = this.weights[e.kind] * Math.pow(2, -Math.max(0, now - e.ts) / this.halfLifeMs);
      // a tiny floor keeps every history item, however old or weak its events, above the top-up
      this.board.add(e.item, Math.max(w, 1e-12));
    }
    const top = topUp(this.board.top(opts.k, opts.exclude), this.fallback.ranked, opts.k, opts.exclude);
    return { ...top, unknownItems: countUnknown(history, this.nItems) };
  }

  similarItems(): TopK {
    return { items: new Int32Array(0), scores: new Float32Array(0) };
  }
}
