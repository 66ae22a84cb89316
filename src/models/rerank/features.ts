import { EventKind } from "../../data/event-kind.js";
import type { HistoryEvent } from "../recommender.js";
import { popularityLogs, type CandidateSettings, type Generators, type ItemFacts } from "./item-facts.js";
import { CovisRanking } from "./covis-ranking.js";
import { ListScatter } from "./list-scatter.js";
import { categoryLists } from "./category-lists.js";
import { featureNames } from "./feature-names.js";

export { FIXED_FEATURES, featureNames } from "./feature-names.js";

const signedLog = (x: number) => (x >= 0 ? Math.log1p(x) : -Math.log1p(-x));

/**
 * Candidates and their features for one query at a time: the one implementation that training, `evaluate` and the
 * serving loader share. Candidates are the union of each neighbour list's top N (seeded by the recent distinct items),
 * the history's own distinct items and the most popular items; `items[0 .. count)` and the rows of `x` (count x F,
 * row-major) hold them after compute(). Typed arrays throughout, reused across queries: per-item scratch is marked
 * with the query's number instead of being cleared, so a query costs what it touches, not the catalogue.
 */
export class CandidateFeatures {
  readonly names: string[];
  readonly F: number;
  items = new Int32Array(512);
  x: Float32Array;
  count = 0;
  private readonly scatters: ListScatter[];
  private readonly last: ListScatter | null;
  /** The first list summed over the session's `sessionSeeds` recent items (`session_score`), or null: no feature. */
  private readonly session: ListScatter | null;
  /** Co-visitation's own ranking computed from the scatters' inputs, or null: the baseline's recommend() is called. */
  private readonly covisRanking: CovisRanking | null;
  /** Per item: the query that last made it a candidate, gave it a history slot, a model rank. */
  private readonly stamp: Int32Array;
  private readonly slotStamp: Int32Array;
  private readonly slot: Int32Array;
  private readonly baseStamp: Int32Array;
  private readonly baseRank: Int32Array;
  /** Per category: the query that last counted it, and its count among the history's items. */
  private readonly catStamp: Int32Array;
  private readonly catCount: Int32Array;
  /** Per history item (by slot): views, carts, buys, other, known events after its last, its last time. */
  private hist = new Float64Array(6 * 64);
  private lastTsMs = 0;
  private readonly recent: Int32Array;
  private readonly mean: Float32Array;
  private query = 0;
  private readonly nItems: number;
  /** Per category: its items, most popular first (`categoryN` > 0), as a CSR; null: no category candidates. */
  private readonly byCategory: { start: Int32Array; items: Int32Array } | null;
  /** Per item: log1p of its popularity over all time, then recently (computed once: two reads in one cache line). */
  private readonly popLogs: Float32Array;

  constructor(
    readonly gens: Generators,
    readonly facts: ItemFacts,
    readonly settings: CandidateSettings,
  ) {
    const sessionSeeds = gens.lists.length > 0 ? (settings.sessionSeeds ?? 0) : 0;
    this.names = featureNames(
      gens.lists.map((l) => l.name),
      sessionSeeds > 0,
    );
    this.F = this.names.length;
    this.nItems = gens.popular.nItems;
    this.x = new Float32Array(this.items.length * this.F);
    this.scatters = gens.lists.map((l) => new ListScatter(l.m));
    this.last = gens.lists.length > 0 ? new ListScatter(gens.lists[0].m) : null;
    this.session = sessionSeeds > 0 ? new ListScatter(gens.lists[0].m) : null;
    this.covisRanking = CovisRanking.fits(gens.baseline) ? new CovisRanking(gens.baseline) : null;
    const n = this.nItems;
    this.stamp = new Int32Array(n);
    this.slotStamp = new Int32Array(n);
    this.slot = new Int32Array(n);
    this.baseStamp = new Int32Array(n);
    this.baseRank = new Int32Array(n);
    let categories = 0;
    for (let i = 0; i < facts.category.length; i++) categories = Math.max(categories, facts.category[i] + 1);
    this.catStamp = new Int32Array(categories);
    this.catCount = new Int32Array(categories);
    this.recent = new Int32Array(
      Math.max(settings.lastN, settings.maxHistory, 10, sessionSeeds, this.covisRanking?.recentNeeded ?? 0),
    );
    this.mean = new Float32Array(gens.dim);
    this.popLogs = popularityLogs(facts, n);
    this.byCategory = (settings.categoryN ?? 0) > 0 ? categoryLists(facts, n, categories) : null;
  }

  /** Candidates and features of a history (oldest first) at time `now`; returns the number of candidates. */
  compute(history: readonly HistoryEvent[], now: number): number {
    const q = ++this.query;
    this.count = 0;
    const { lastN, maxHistory, popularN, candidates: N } = this.settings;
    // distinct known items, most recent first, each with a history slot
    let nRecent = 0;
    let lastTs = -Infinity;
    let known = 0;
    let slots = 0;
    for (let e = history.length - 1; e >= 0; e--) {
      const item = history[e].item;
      if (!(item >= 0 && item < this.nItems)) continue;
      known++;
      if (lastTs === -Infinity) lastTs = history[e].ts;
      if (this.slotStamp[item] !== q) {
        this.slotStamp[item] = q;
        this.slot[item] = slots++;
        if (nRecent < this.recent.length) this.recent[nRecent++] = item;
      }
    }
    this.lastTsMs = Number.isFinite(lastTs) ? lastTs : 0;
    const stats = this.historyStats(history, slots, known, q);
    // neighbour lists: top N of each
    const seeds = Math.min(lastN, nRecent);
    for (const s of this.scatters) {
      const n = s.run(this.recent, seeds);
      const ranked = s.ranked();
      for (let r = 0; r < Math.min(N, n); r++) this.add(ranked[r], q);
    }
    if (this.gens.baseline && nRecent > 0) this.baseline(history, nRecent, q);
    for (let r = 0; r < Math.min(maxHistory, nRecent); r++) this.add(this.recent[r], q);
    const pop = this.gens.popular.ranked;
    for (let r = 0; r < Math.min(popularN, pop.length); r++) this.add(pop[r], q);
    const cat = this.byCategory !== null && nRecent > 0 ? this.facts.category[this.recent[0]] : -1;
    if (cat >= 0) {
      const { start, items } = this.byCategory!;
      const to = Math.min(start[cat + 1], start[cat] + this.settings.categoryN!);
      for (let r = start[cat]; r < to; r++) this.add(items[r], q);
    }
    this.last?.run(this.recent, Math.min(1, nRecent), false);
    this.session?.run(this.recent, Math.min(this.settings.sessionSeeds ?? 0, nRecent), false);
    this.fill(stats, nRecent, known, Number.isFinite(lastTs) ? Math.max(0, now - lastTs) : 0, q);
    return this.count;
  }

  /** The whole baseline model's top N: candidates, and their ranks for `model_rank`. */
  private baseline(history: readonly HistoryEvent[], nRecent: number, q: number): void {
    const N = this.settings.candidates;
    let top: Int32Array;
    let n: number;
    if (this.covisRanking) {
      n = this.covisRanking.run(this.recent, nRecent, N);
      top = this.covisRanking.items;
    } else {
      top = this.gens.baseline!.recommend(history, { k: N }).items;
      n = top.length;
    }
    for (let r = 0; r < n; r++) {
      this.baseStamp[top[r]] = q;
      this.baseRank[top[r]] = r + 1;
      this.add(top[r], q);
    }
  }

  private add(item: number, q: number): void {
    if (this.stamp[item] === q) return;
    this.stamp[item] = q;
    if (this.count === this.items.length) {
      const items = new Int32Array(this.items.length * 2);
      items.set(this.items);
      const x = new Float32Array(items.length * this.F);
      x.set(this.x);
      this.items = items;
      this.x = x;
    }
    this.items[this.count++] = item;
  }

  /** Per distinct history item (by slot): event counts by type group, last position back, last time. */
  private historyStats(history: readonly HistoryEvent[], slots: number, known: number, q: number): Float64Array {
    const need = slots * 6;
    if (need > this.hist.length) this.hist = new Float64Array(need * 2);
    const h = this.hist;
    h.fill(0, 0, need);
    for (let x = 0; x < slots; x++) h[x * 6 + 4] = -1;
    let at = 0;
    for (let e = 0; e < history.length; e++) {
      const item = history[e].item;
      if (!(item >= 0 && item < this.nItems) || this.slotStamp[item] !== q) continue;
      const d = this.slot[item];
      at++;
      const k = history[e].kind;
      const g = k === EventKind.view ? 0 : k === EventKind.cart_add ? 1 : k === EventKind.purchase ? 2 : 3;
      h[d * 6 + g]++;
      h[d * 6 + 4] = known - at; // known events after this one
      h[d * 6 + 5] = history[e].ts;
    }
    return h;
  }

  private fill(stats: Float64Array, nRecent: number, known: number, sinceLastMs: number, q: number): void {
    const { F, facts, gens, x, popLogs } = this;
    const L = this.scatters.length;
    const base = 2 * L;
    const lastItem = nRecent > 0 ? this.recent[0] : -1;
    const lastCat = lastItem >= 0 ? facts.category[lastItem] : -1;
    // session-level values
    const nHist = Math.min(nRecent, this.settings.maxHistory);
    let priceSum = 0;
    let priceN = 0;
    for (let r = 0; r < nHist; r++) {
      const it = this.recent[r];
      const p = facts.price[it];
      if (Number.isFinite(p) && p > 0) {
        priceSum += p;
        priceN++;
      }
      const c = facts.category[it];
      if (c >= 0) {
        if (this.catStamp[c] !== q) {
          this.catStamp[c] = q;
          this.catCount[c] = 0;
        }
        this.catCount[c]++;
      }
    }
    const priceMean = priceN > 0 ? priceSum / priceN : NaN;
    const hasVectors = gens.vectors !== null && lastItem >= 0;
    if (hasVectors) this.sessionVector(Math.min(nRecent, 10));
    const sessionLength = Math.log1p(known);
    const sinceLast = Math.log1p(sinceLastMs / 60_000);
    const last = this.last;
    const session = this.session;
    for (let c = 0; c < this.count; c++) {
      const item = this.items[c];
      const row = c * F;
      for (let l = 0; l < L; l++) {
        const s = this.scatters[l];
        const rank = s.rank[item];
        x[row + 2 * l] = rank > 0 ? signedLog(s.score[item]) : 0;
        x[row + 2 * l + 1] = rank > 0 ? 1 / rank : 0;
      }
      x[row + base] = this.baseStamp[item] === q ? 1 / this.baseRank[item] : 0;
      const o = row + base + 1;
      if (this.slotStamp[item] === q) {
        const d = this.slot[item] * 6;
        x[o] = Math.log1p(stats[d]);
        x[o + 1] = Math.log1p(stats[d + 1]);
        x[o + 2] = Math.log1p(stats[d + 2]);
        x[o + 3] = Math.log1p(stats[d + 3]);
        x[o + 4] = 1 / (1 + stats[d + 4]);
        // hours from the item's last history event to the request (the last event's time plus the gap to now)
        x[o + 5] = Math.log1p(Math.max(0, (this.lastTsMs - stats[d + 5] + sinceLastMs) / 3_600_000));
      } else for (let f = 0; f < 6; f++) x[o + f] = 0;
      x[o + 6] = item === lastItem ? 1 : 0;
      x[o + 7] = popLogs[2 * item];
      x[o + 8] = popLogs[2 * item + 1];
      x[o + 9] = hasVectors ? this.dot(item, lastItem) : 0;
      x[o + 10] = hasVectors ? this.dotMean(item) : 0;
      x[o + 11] = last !== null && last.rank[item] !== 0 ? signedLog(last.score[item]) : 0;
      x[o + 12] = sessionLength;
      x[o + 13] = sinceLast;
      const cat = facts.category[item];
      x[o + 14] = cat >= 0 && cat === lastCat ? 1 : 0;
      x[o + 15] = cat >= 0 && nHist > 0 && this.catStamp[cat] === q ? this.catCount[cat] / nHist : 0;
      const p = facts.price[item];
      const priced = Number.isFinite(p) && p > 0 && Number.isFinite(priceMean);
      x[o + 16] = priced ? Math.log(p / priceMean) : 0;
      x[o + 17] = priced ? 1 : 0;
      if (session !== null) x[o + 18] = session.rank[item] !== 0 ? signedLog(session.score[item]) : 0;
    }
  }

  private sessionVector(n: number): void {
    const { dim: D, vectors } = this.gens;
    const v = vectors!;
    this.mean.fill(0);
    for (let r = 0; r < n; r++) {
      const w = 1 / (1 + r);
      const at = this.recent[r] * D;
      for (let d = 0; d < D; d++) this.mean[d] += w * v[at + d];
    }
    let norm = 0;
    for (let d = 0; d < D; d++) norm += this.mean[d] * this.mean[d];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < D; d++) this.mean[d] /= norm;
  }

  private dot(a: number, b: number): number {
    const { dim: D } = this.gens;
    const v = this.gens.vectors!;
    let s = 0;
    for (let d = 0; d < D; d++) s += v[a * D + d] * v[b * D + d];
    return s;
  }

  private dotMean(a: number): number {
    const { dim: D } = this.gens;
    const v = this.gens.vectors!;
    let s = 0;
    for (let d = 0; d < D; d++) s += v[a * D + d] * this.mean[d];
    return s;
  }
}
