import { csrTopOfRow, type ScaledCsr } from "../../data/csr.js";
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
  readonly kind = "covis";
  readonly name = "covis";
  /** The neighbour list that scores (scoring.matrix). */
  readonly neighbours: ScaledCsr;
  private readonly board: ScoreBoard;
  private readonly recent = new DistinctRecent();

  constructor(
    /** Every trained neighbour list by name (covisit, buy2buy, cart2buy). */
    readonly matrices: Readonly<Record<string, ScaledCsr>>,
    readonly popular: PopularModel,
    readonly scoring: CovisScoring = DEFAULT_SCORING,
  ) {
    const m = matrices[scoring.matrix];
    if (!m)
      throw new UsageError(
        `the model has no "${scoring.matrix}" neighbours`,
        `it has: ${Object.keys(matrices).join(", ")}`,
      );
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
    const { lastN, maxHistory, history: mode } = this.scoring;
    // distinct known items, most recent first: the seeds are the first lastN, the "first" head the first maxHistory
    const keep = mode === "mix" ? lastN : Math.max(lastN, mode === "first" ? maxHistory : Infinity);
    const recent = this.recent.collect(history, this.nItems, keep);
    const n = Math.min(lastN, recent.length);
    const { indptr, indices, data, rowScale } = this.neighbours;
    for (let r = 0; r < n; r++) {
      const item = recent[r];
      // r = 0 is the newest seed: position n - 1 - r on the oldest-to-newest scale; a quantised row's scale folds into
      // it
      const w = (n === 1 ? 1 : Math.pow(2, 0.1 + (0.9 * (n - 1 - r)) / (n - 1)) - 1) * (rowScale ? rowScale[item] : 1);
      for (let q = indptr[item]; q < indptr[item + 1]; q++) this.board.add(indices[q], w * data[q]);
    }
    const own = mode === "mix" ? 0 : mode === "first" ? Math.min(recent.length, maxHistory) : recent.length;
    for (let x = 0; x < own; x++) this.board.skip(recent[x]);
    const head =
      mode === "first"
        ? recent
            .slice(0, own)
            .filter((item) => !opts.exclude?.has(item))
            .slice(0, opts.k)
        : [];
    // the head takes its places first: only the rest are ranked
    const candidates = this.board.top(opts.k - head.length, opts.exclude);
    const merged = prepend(head, candidates, opts.k);
    const top = topUp(
      merged,
      this.popular.ranked,
      opts.k,
      mode === "exclude" ? new Set([...recent, ...(opts.exclude ?? [])]) : opts.exclude,
    );
    return { ...top, unknownItems: countUnknown(history, this.nItems) };
  }

  similarItems(item: number, k: number): TopK {
    return csrTopOfRow(this.neighbours, item, k);
  }
}

/** Known history items, most recent first, each once, at most `max`: a stamp per item instead of a set per query. */
export class DistinctRecent {
  private stamp = new Int32Array(0);
  private query = 0;

  collect(history: readonly HistoryEvent[], nItems: number, max: number): number[] {
    if (this.stamp.length < nItems) this.stamp = new Int32Array(nItems);
    // Stryker disable next-line UpdateOperator: counting down from 0 gives distinct stamps too, never the initial 0
    const q = ++this.query;
    const out: number[] = [];
    for (let x = history.length - 1; x >= 0 && out.length < max; x--) {
      const item = history[x].item;
      if (!(item >= 0 && item < nItems) || this.stamp[item] === q) continue;
      this.stamp[item] = q;
      out.push(item);
    }
    return out;
  }
}

/** History items first (scored above the best candidate, decreasing), then the candidates. */
function prepend(head: number[], candidates: TopK, k: number): TopK {
  if (head.length === 0) return candidates;
  const best = candidates.scores.length > 0 ? candidates.scores[0] : 0;
  const n = Math.min(k, head.length + candidates.items.length);
  const items = new Int32Array(n);
  const scores = new Float32Array(n);
  for (let q = 0; q < n; q++) {
    items[q] = q < head.length ? head[q] : candidates.items[q - head.length];
    scores[q] = q < head.length ? best + head.length - q : candidates.scores[q - head.length];
  }
  return { items, scores };
}
