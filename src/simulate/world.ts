import { seededRandom } from "../data/random.js";
import { AliasTable, Draw } from "../data/distributions.js";
import type { SimConfig } from "./sim-config.js";

/**
 * The hidden truth of a simulated shop: items with a category, a price, a popularity and a latent
 * vector; substitutes (close items of the same category: viewed together) and complements (items of
 * related categories: bought together); users with a latent taste. Rebuilt the same from the config.
 */
export interface World {
  config: SimConfig;
  nCategories: number;
  itemCategory: Int32Array;
  basePrice: Float64Array;
  /** Epoch ms from which the item's price is `dropFactor` x base (Infinity: never). */
  priceDropAt: Float64Array;
  dropFactor: Float64Array;
  /** With falling-demand drops: when each dropped item's demand starts to fade (null: never). */
  demandFallAt: Float64Array | null;
  popularity: Float64Array;
  itemVec: Float32Array;
  userVec: Float32Array;
  /** substitutes[i * S + j], complements[i * C + j]; -1 when a category is too small. */
  substitutes: Int32Array;
  complements: Int32Array;
  popularDraw: AliasTable;
}

export function buildWorld(config: SimConfig): World {
  const { items: n, users, dims: D } = config;
  const draw = new Draw(seededRandom(config.seed));
  const nCategories = Math.max(2, Math.round(n / config.itemsPerCategory));
  // categories differ in size (Zipf-like), items in popularity (Zipf over a random order)
  const categoryDraw = new AliasTable(Float64Array.from({ length: nCategories }, (_, k) => 1 / Math.pow(k + 1, 0.6)));
  const centers = Float32Array.from({ length: nCategories * D }, () => draw.normal());
  const categoryPrice = Float64Array.from({ length: nCategories }, () => Math.exp(3 + 1.2 * draw.normal()));
  const itemCategory = new Int32Array(n);
  const itemVec = new Float32Array(n * D);
  const basePrice = new Float64Array(n);
  const priceDropAt = new Float64Array(n).fill(Infinity);
  const dropFactor = new Float64Array(n).fill(1);
  const span = config.days * 86_400_000;
  for (let i = 0; i < n; i++) {
    const k = categoryDraw.draw(draw.uniform);
    itemCategory[i] = k;
    for (let d = 0; d < D; d++) itemVec[i * D + d] = centers[k * D + d] + 0.6 * draw.normal();
    basePrice[i] = Math.max(0.5, Math.round(categoryPrice[k] * Math.exp(0.5 * draw.normal()) * 100) / 100);
    if (draw.chance(config.priceDropShare)) {
      priceDropAt[i] = config.start + draw.uniform() * span;
      dropFactor[i] = 0.7 + 0.2 * draw.uniform();
    }
  }
  const rank = shuffled(n, draw);
  const popularity = Float64Array.from({ length: n }, (_, i) => 1 / Math.pow(rank[i] + 1, config.zipf));
  const userVec = new Float32Array(users * D);
  for (let u = 0; u < users; u++) {
    const k = categoryDraw.draw(draw.uniform); // a favourite category pulls the taste
    for (let d = 0; d < D; d++) userVec[u * D + d] = 0.7 * centers[k * D + d] + 0.7 * draw.normal();
  }
  const members = membersByCategory(itemCategory, nCategories);
  return {
    config,
    nCategories,
    itemCategory,
    basePrice,
    priceDropAt,
    dropFactor,
    demandFallAt: config.priceDropTiming === "falling-demand" ? priceDropAt.map((at) => at - DEMAND_FALL_MS) : null,
    popularity,
    itemVec,
    userVec,
    substitutes: nearestInCategory(itemVec, D, itemCategory, members, config.substitutes, draw),
    complements: complementsOf(itemCategory, members, popularity, nCategories, config.complements, draw),
    popularDraw: new AliasTable(popularity),
  };
}

/** With falling-demand drops, demand fades over this long before the drop. */
const DEMAND_FALL_MS = 7 * 86_400_000;

/** The share of an item's demand left at `ts`: 1, fading linearly to 0.1 over the week before a falling-demand drop. */
export function demandAt(w: World, item: number, ts: number): number {
  const from = w.demandFallAt ? w.demandFallAt[item] : Infinity;
  return ts < from ? 1 : Math.max(0.1, 1 - (0.9 * (ts - from)) / DEMAND_FALL_MS);
}

/** A user's taste for an item: the scaled dot product of their latent vectors (about N(0, 1)). */
export function affinity(w: World, user: number, item: number): number {
  const D = w.config.dims;
  let s = 0;
  for (let d = 0; d < D; d++) s += w.userVec[user * D + d] * w.itemVec[item * D + d];
  return s / D;
}

/** The price of an item at a time (one drop during the period for some items). */
export function priceAt(w: World, item: number, ts: number): number {
  return ts >= w.priceDropAt[item] ? Math.round(w.basePrice[item] * w.dropFactor[item] * 100) / 100 : w.basePrice[item];
}

function shuffled(n: number, draw: Draw): Int32Array {
  const a = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = draw.below(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

function membersByCategory(itemCategory: Int32Array, nCategories: number): Int32Array[] {
  const lists: number[][] = Array.from({ length: nCategories }, () => []);
  for (let i = 0; i < itemCategory.length; i++) lists[itemCategory[i]].push(i);
  return lists.map((l) => Int32Array.from(l));
}

/**
 * Each item's `S` nearest items (largest dot product) among its own category: all of it for categories
 * of up to 256 items, else among 256 consecutive members from a random start (item codes are in no
 * latent order), so the cost stays linear in the items.
 */
function nearestInCategory(
  vec: Float32Array,
  D: number,
  itemCategory: Int32Array,
  members: Int32Array[],
  S: number,
  draw: Draw,
): Int32Array {
  const out = new Int32Array(itemCategory.length * S).fill(-1);
  const bestItem = new Int32Array(S);
  const bestScore = new Float64Array(S);
  const LIMIT = 256;
  for (let i = 0; i < itemCategory.length; i++) {
    const pool = members[itemCategory[i]];
    const offset = pool.length > LIMIT ? draw.below(pool.length) : 0;
    let kept = 0;
    for (let x = 0; x < Math.min(LIMIT, pool.length); x++) {
      const j = pool[(offset + x) % pool.length];
      if (j === i) continue;
      let s = 0;
      for (let d = 0; d < D; d++) s += vec[i * D + d] * vec[j * D + d];
      // insertion into the short sorted list of the best so far (score descending, then item)
      let at = kept < S ? kept++ : S;
      if (at === S && !(s > bestScore[S - 1] || (s === bestScore[S - 1] && j < bestItem[S - 1]))) continue;
      if (at === S) at = S - 1;
      while (at > 0 && (s > bestScore[at - 1] || (s === bestScore[at - 1] && j < bestItem[at - 1]))) {
        bestScore[at] = bestScore[at - 1];
        bestItem[at] = bestItem[at - 1];
        at--;
      }
      bestScore[at] = s;
      bestItem[at] = j;
    }
    for (let x = 0; x < kept; x++) out[i * S + x] = bestItem[x];
  }
  return out;
}

/** Each category is complemented by two others; each item gets `C` of their items, drawn by popularity. */
function complementsOf(
  itemCategory: Int32Array,
  members: Int32Array[],
  popularity: Float64Array,
  nCategories: number,
  C: number,
  draw: Draw,
): Int32Array {
  const related = Array.from({ length: nCategories }, (_, k) => [
    (k + 1 + draw.below(nCategories - 1)) % nCategories,
    (k + 1 + draw.below(nCategories - 1)) % nCategories,
  ]);
  const tables = members.map((m) => (m.length > 0 ? new AliasTable(Float64Array.from(m, (i) => popularity[i])) : null));
  const out = new Int32Array(itemCategory.length * C).fill(-1);
  for (let i = 0; i < itemCategory.length; i++) {
    for (let x = 0; x < C; x++) {
      const k = related[itemCategory[i]][x % 2];
      const t = tables[k];
      if (t) out[i * C + x] = members[k][t.draw(draw.uniform)];
    }
  }
  return out;
}
