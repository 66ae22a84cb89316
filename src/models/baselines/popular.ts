import type { EventTable } from "../../data/event-table.js";
import { eventWeights } from "../event-weights.js";
import type { HistoryEvent, Recommendation, RecommendOptions, Recommender, TopK } from "../recommender.js";

export interface PopularOptions {
  /** Event weights by type name (view, cart_add, ...). */
  weights?: Partial<Record<string, number>>;
  /** Half-life of the decay back from the end of the data (Infinity: plain counts). */
  halfLifeMs?: number;
  /** Count only events in this window before the end of the data (Infinity: all). */
  windowMs?: number;
  /** Events strictly before this time only (no future leaks into a model trained for a cut). */
  until?: number;
  /** How many items the ranked list keeps. */
  keep?: number;
}

/** Weighted, optionally decayed popularity: the fallback for cold users and the top-up of other models. */
export class PopularModel implements Recommender {
  readonly kind = "popular";
  readonly name = "popular";
  constructor(
    readonly nItems: number,
    /** Items best first, and their scores. */
    readonly ranked: Int32Array,
    readonly rankedScores: Float32Array,
  ) {}

  static train(t: EventTable, o: PopularOptions = {}): PopularModel {
    const w = eventWeights(o.weights);
    const until = o.until ?? Infinity;
    let end = -Infinity;
    for (let i = 0; i < t.length; i++) if (t.ts[i] < until && t.ts[i] > end) end = t.ts[i];
    const halfLife = o.halfLifeMs ?? Infinity;
    const from = end - (o.windowMs ?? Infinity);
    const score = new Float64Array(t.dicts.item.size);
    for (let i = 0; i < t.length; i++) {
      const ts = t.ts[i];
      if (ts >= until || ts < from) continue;
      const decay = Number.isFinite(halfLife) ? Math.pow(2, -(end - ts) / halfLife) : 1;
      score[t.item[i]] += w[t.kind[i]] * decay;
    }
    const items: number[] = [];
    for (let c = 0; c < score.length; c++) if (score[c] > 0) items.push(c);
    items.sort((a, b) => score[b] - score[a] || a - b);
    const kept = items.slice(0, o.keep ?? 1000);
    return new PopularModel(
      score.length,
      Int32Array.from(kept),
      Float32Array.from(kept, (c) => score[c]),
    );
  }

  recommend(history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation {
    const items: number[] = [];
    const scores: number[] = [];
    for (let q = 0; q < this.ranked.length && items.length < opts.k; q++) {
      if (opts.exclude?.has(this.ranked[q])) continue;
      items.push(this.ranked[q]);
      scores.push(this.rankedScores[q]);
    }
    return {
      items: Int32Array.from(items),
      scores: Float32Array.from(scores),
      unknownItems: countUnknown(history, this.nItems),
    };
  }

  similarItems(): TopK {
    return { items: new Int32Array(0), scores: new Float32Array(0) };
  }
}

export function countUnknown(history: readonly HistoryEvent[], nItems: number): number {
  let n = 0;
  for (const e of history) if (!(e.item >= 0 && e.item < nItems)) n++;
  return n;
}
