import type { Csr } from "../../data/csr.js";
import { countUnknown, type PopularModel } from "../baselines/popular.js";
import type { HistoryEvent, Recommendation, RecommendOptions, Recommender, TopK } from "../recommender.js";
import { ScoreBoard, topUp } from "../score-board.js";
import { UsageError } from "../../errors.js";

/**
 * How history items are treated:
 * - first: the history's own distinct items, most recent first, rank above every neighbour (OTTO's
 *   suggest for short histories; re-visits are a large share of next events);
 * - mix: history items compete with the rest on their neighbour scores only;
 * - exclude: history items are never recommended (pure "similar alternatives").
 */
export type HistoryMode = "first" | "mix" | "exclude";

export interface CovisScoring {
  /** Which neighbour list scores: covisit (what goes with it), buy2buy or cart2buy (complements). */
  matrix: string;
  /** Distinct most recent history items whose neighbours are summed. */
  lastN: number;
  history: HistoryMode;
  /** At most this many history items are put first in "first" mode. */
  maxHistory: number;
}

export const DEFAULT_SCORING: CovisScoring = { matrix: "covisit", lastN: 3, history: "first", maxHistory: 20 };

/**
 * Scores a history as the sum, over its lastN most recent distinct items, of an OTTO recency weight
 * (2^linspace(0.1, 1, n) - 1, oldest to newest) times the item's neighbour scores; tops up with
 * popular items.
 */
export class CovisModel implements Recommender {
  readonly name = "covis";
  /** The neighbour list that scores (scoring.matrix). */
  readonly neighbours: Csr;
  private readonly board: ScoreBoard;

  constructor(
    /** Every trained neighbour list by name (covisit, buy2buy, cart2buy). */
    readonly matrices: Readonly<Record<string, Csr>>,
    readonly popular: PopularModel,
    readonly scoring: CovisScoring = DEFAULT_SCORING,
  ) {
    const m = matrices[scoring.matrix];
    if (!m) throw new UsageError(`the model has no "${scoring.matrix}" neighbours`, `it has: ${Object.keys(matrices).join(", ")}`);
    this.neighbours = m;
    this.board = new ScoreBoard(m.rows);
  }

  /** The same trained lists scored another way (another matrix, history mode or seed count). */
  withScoring(scoring: Partial<CovisScoring>): CovisModel {
    return new CovisModel(this.matrices, this.popular, { ...this.scoring, ...scoring });
  }

  get nItems(): number {
    return this.neighbours.rows;
  }

  recommend(history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation {
    const recent = distinctRecent(history, this.nItems);
    const seeds = recent.slice(0, this.scoring.lastN);
    const n = seeds.length;
    const { indptr, indices, data } = this.neighbours;
    seeds.forEach((item, r) => {
      // r = 0 is the newest seed: position n - 1 - r on the oldest-to-newest scale
      const w = n === 1 ? 1 : Math.pow(2, 0.1 + (0.9 * (n - 1 - r)) / (n - 1)) - 1;
      for (let q = indptr[item]; q < indptr[item + 1]; q++) this.board.add(indices[q], w * data[q]);
    });
    const mode = this.scoring.history;
    const own = mode === "mix" ? [] : recent.slice(0, mode === "first" ? this.scoring.maxHistory : recent.length);
    const skip = new Set<number>([...own, ...(opts.exclude ?? [])]);
    const candidates = this.board.top(opts.k, skip);
    const head = mode === "first" ? own.filter((item) => !opts.exclude?.has(item)).slice(0, opts.k) : [];
    const merged = prepend(head, candidates, opts.k);
    const top = topUp(merged, this.popular.ranked, opts.k, mode === "exclude" ? skip : opts.exclude);
    return { ...top, unknownItems: countUnknown(history, this.nItems) };
  }

  similarItems(item: number, k: number): TopK {
    if (!(item >= 0 && item < this.nItems)) return { items: new Int32Array(0), scores: new Float32Array(0) };
    const { indptr, indices, data } = this.neighbours;
    const to = Math.min(indptr[item + 1], indptr[item] + k);
    return { items: indices.slice(indptr[item], to), scores: Float32Array.from(data.subarray(indptr[item], to)) };
  }
}

/** Known history items, most recent first, each once. */
export function distinctRecent(history: readonly HistoryEvent[], nItems: number): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  for (let q = history.length - 1; q >= 0; q--) {
    const item = history[q].item;
    if (!(item >= 0 && item < nItems) || seen.has(item)) continue;
    seen.add(item);
    out.push(item);
  }
  return out;
}

/** History items first (scored above the best candidate, decreasing), then the candidates. */
function prepend(head: number[], candidates: TopK, k: number): TopK {
  if (head.length === 0) return candidates;
  const best = candidates.scores.length > 0 ? candidates.scores[0] : 0;
  const items = [...head, ...candidates.items].slice(0, k);
  const scores = items.map((_, q) => (q < head.length ? best + head.length - q : candidates.scores[q - head.length]));
  return { items: Int32Array.from(items), scores: Float32Array.from(scores) };
}
