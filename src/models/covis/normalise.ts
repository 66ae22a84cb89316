import type { SqlNormalisation } from "../../engines/covis-sql.js";
/**
 * Similarity from a co-visitation weight w(a, b) and the supports s(a), s(b) (timelines containing
 * each item) out of n timelines. Each is a pure function; the trade-offs:
 * - raw: the summed weight; favours popular neighbours (best for "what do people do next").
 * - cosine: w / sqrt(s(a) s(b)) (Item-KNN, SAR); balances popular and niche neighbours.
 * - jaccard: w / (s(a) + s(b) - w); like cosine, harsher on neighbours far more popular than a.
 * - lift: w n / (s(a) s(b)); how much more often than chance; noisy for rare items (use min support).
 * - bm25: w idf(b), idf(b) = ln(1 + (n - s(b) + 0.5) / (s(b) + 0.5)); damps very popular neighbours only.
 */
export type Normalisation = "raw" | "cosine" | "jaccard" | "lift" | "bm25";
// the SQL engines compute the same set of similarities: a kind added here fails to compile until they do too
const sameAsSql: [Normalisation, SqlNormalisation] extends [SqlNormalisation, Normalisation] ? true : never = true;
void sameAsSql;
export const NORMALISATIONS: Normalisation[] = ["raw", "cosine", "jaccard", "lift", "bm25"];

export type Similarity = (w: number, sa: number, sb: number, n: number) => number;

export const SIMILARITY: Record<Normalisation, Similarity> = {
  raw: (w) => w,
  cosine: (w, sa, sb) => w / Math.sqrt(sa * sb),
  jaccard: (w, sa, sb) => w / Math.max(sa + sb - w, 1e-12),
  lift: (w, sa, sb, n) => (w * n) / (sa * sb),
  bm25: (w, _sa, sb, n) => w * Math.log(1 + (n - sb + 0.5) / (sb + 0.5)),
};
