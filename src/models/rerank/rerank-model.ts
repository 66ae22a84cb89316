import { countUnknown } from "../baselines/popular.js";
import type { CovisModel } from "../covis/covis-model.js";
import type { Item2VecModel } from "../embedding/item2vec-model.js";
import type { HistoryEvent, Recommendation, RecommendOptions, Recommender, TopK } from "../recommender.js";
import { topUp } from "../score-board.js";
import { LinearCut, type RankerCut } from "./cut.js";
import { CandidateFeatures } from "./features.js";
import type { CandidateSettings, Generators, ItemFacts } from "./item-facts.js";
import { RankerScorer, type Ranker } from "./ranker.js";

/** The generators a ranking stage keeps: co-visitation (every matrix) and, optionally, item2vec. */
export interface RerankParts {
  readonly covis: CovisModel;
  readonly item2vec: Item2VecModel | null;
}

/** The generators of the parts: each covis matrix, then item2vec's neighbour lists and vectors. */
export function generatorsOf(parts: RerankParts): Generators {
  const lists = Object.entries(parts.covis.matrices).map(([name, m]) => ({ name, m }));
  if (parts.item2vec) lists.push({ name: "item2vec", m: parts.item2vec.neighbours });
  return {
    lists,
    vectors: parts.item2vec?.vectors ?? null,
    dim: parts.item2vec?.dim ?? 0,
    popular: parts.covis.popular,
    baseline: parts.covis,
  };
}

/**
 * A learned ranking stage (docs/rerank.md): candidates from every generator, features per candidate, and a small
 * network's score; recommend() returns the best k. The same candidate and feature code trained it.
 */
export class RerankModel implements Recommender {
  readonly kind = "rerank";
  readonly name = "rerank";
  private readonly features: CandidateFeatures;
  private readonly scorer: RankerScorer;
  private readonly cutter: LinearCut | null;
  /** With a cut: the kept candidates' feature rows and items. */
  private keptX = new Float32Array(0);
  private keptItems = new Int32Array(0);
  private scores = new Float32Array(512);
  private order = new Int32Array(512);
  private readonly topScores = new Float32Array(64);
  private readonly topItems = new Int32Array(64);

  constructor(
    readonly parts: RerankParts,
    readonly facts: ItemFacts,
    readonly settings: CandidateSettings,
    readonly ranker: Ranker,
    /** The cheap first cut (cut.ts), or null; the network scores every candidate when it is null or keeps 0. */
    readonly cut: RankerCut | null = null,
  ) {
    this.features = new CandidateFeatures(generatorsOf(parts), facts, settings);
    if (ranker.mean.length !== this.features.F)
      throw new TypeError(`the ranker takes ${ranker.mean.length} features, the generators give ${this.features.F}`);
    this.scorer = new RankerScorer(ranker);
    if (cut && cut.w.length !== ranker.mean.length)
      throw new TypeError(`the cut takes ${cut.w.length} features, the ranker ${ranker.mean.length}`);
    this.cutter = cut && cut.keep > 0 ? new LinearCut(cut, ranker.std) : null;
  }

  get nItems(): number {
    return this.parts.covis.nItems;
  }

  get featureNames(): readonly string[] {
    return this.features.names;
  }

  recommend(history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation {
    const unknownItems = countUnknown(history, this.nItems);
    // nothing known to rank against: the popularity list, as every kind falls back on
    if (unknownItems === history.length)
      return { ...topUp(NONE, this.parts.covis.popular.ranked, opts.k, opts.exclude), unknownItems };
    const f = this.features;
    const n = f.compute(history, opts.now ?? lastTs(history));
    if (this.scores.length < n) {
      this.scores = new Float32Array(n * 2);
      this.order = new Int32Array(n * 2);
    }
    let items = f.items;
    let m = n;
    // with a cut, the network scores the best `keep` by the linear score, and at least k plus the exclusions
    const keep = Math.max(this.cut?.keep ?? 0, opts.k + (opts.exclude?.size ?? 0));
    if (this.cutter && n > keep) {
      m = this.keepBest(n, keep);
      items = this.keptItems;
      this.scorer.score(this.keptX, m, this.scores);
    } else this.scorer.score(f.x, n, this.scores);
    const top = this.best(m, Math.max(0, opts.k), items, opts.exclude);
    const out = topUp(top, this.parts.covis.popular.ranked, opts.k, opts.exclude);
    return { items: out.items, scores: out.scores, unknownItems };
  }

  /** The first cut: the linear score's best `keep` candidates, rows and items copied in row order; returns how many. */
  private keepBest(n: number, keep: number): number {
    const f = this.features;
    const cutter = this.cutter!;
    const m = cutter.select(f.x, n, f.F, keep);
    if (this.keptItems.length < m) {
      this.keptItems = new Int32Array(m * 2);
      this.keptX = new Float32Array(m * 2 * f.F);
    }
    const { F, x } = f;
    const kept = this.keptX;
    for (let j = 0; j < m; j++) {
      const r = cutter.rows[j];
      this.keptItems[j] = f.items[r];
      for (let c = 0, from = r * F, to = j * F; c < F; c++) kept[to + c] = x[from + c];
    }
    return m;
  }

  /** The k best candidates by score, then item code, not excluded: kept sorted by insertion for a small k. */
  private best(n: number, k: number, items: Int32Array, exclude?: ReadonlySet<number>): TopK {
    const { scores } = this;
    if (k > 64) return this.sorted(n, k, items, exclude);
    const topS = this.topScores;
    const topI = this.topItems;
    let m = 0;
    for (let c = 0; c < n; c++) {
      const item = items[c];
      const s = scores[c];
      if (m === k && !(s > topS[m - 1] || (s === topS[m - 1] && item < topI[m - 1]))) continue;
      if (exclude !== undefined && exclude.has(item)) continue;
      let y = m < k ? m++ : k - 1;
      for (; y > 0 && (s > topS[y - 1] || (s === topS[y - 1] && item < topI[y - 1])); y--) {
        topS[y] = topS[y - 1];
        topI[y] = topI[y - 1];
      }
      topS[y] = s;
      topI[y] = item;
    }
    return { items: topI.slice(0, m), scores: topS.slice(0, m) };
  }

  private sorted(n: number, k: number, items: Int32Array, exclude?: ReadonlySet<number>): TopK {
    const { scores } = this;
    let m = 0;
    for (let c = 0; c < n; c++) if (!exclude?.has(items[c])) this.order[m++] = c;
    const order = this.order.subarray(0, m);
    order.sort((a, b) => scores[b] - scores[a] || items[a] - items[b]);
    const top = order.subarray(0, Math.min(k, m));
    return { items: Int32Array.from(top, (c) => items[c]), scores: Float32Array.from(top, (c) => scores[c]) };
  }

  similarItems(item: number, k: number): TopK {
    return this.parts.covis.similarItems(item, k);
  }
}

const NONE: TopK = { items: new Int32Array(0), scores: new Float32Array(0) };

function lastTs(history: readonly HistoryEvent[]): number {
  return history.length > 0 ? history[history.length - 1].ts : 0;
}
