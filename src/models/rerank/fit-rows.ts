import { CartliftError } from "../../errors.js";
import { GrowFloat32 } from "./grow.js";
import type { CandidateFeatures } from "./features.js";
import type { LabelQueries } from "./label-queries.js";
import type { RankingRows } from "./train-ranker.js";

export interface BuiltRows extends RankingRows {
  /** The labelled query each row block came from (queries whose candidates hold no target are left out). */
  readonly query: Int32Array;
  /** Labelled queries with at least one target among their candidates, and all of them. */
  readonly hits: number;
  readonly queries: number;
  /** Mean candidates per query. */
  readonly meanCandidates: number;
}

/**
 * Candidates and features of every labelled query, with labels: 1 / (targets among the candidates) on each target's
 * row. A query none of whose targets is a candidate teaches nothing to a listwise loss and is left out (it counts
 * against candidate recall).
 */
export function buildRows(q: LabelQueries, features: CandidateFeatures): BuiltRows {
  const F = features.F;
  const x = new GrowFloat32(1 << 16);
  const labels = new GrowFloat32(1 << 12);
  const offsets: number[] = [0];
  const query: number[] = [];
  let candidates = 0;
  const label = new Float32Array(4096);
  for (let i = 0; i < q.histories.length; i++) {
    const h = q.histories[i];
    let n = features.compute(h, q.now ? q.now[i] : h[h.length - 1].ts);
    const exclude = q.exclude?.[i];
    if (exclude) n = dropExcluded(features, n, exclude);
    candidates += n;
    const targets = q.targets[i];
    let found = 0;
    const lab = n <= label.length ? label.subarray(0, n) : new Float32Array(n);
    lab.fill(0);
    for (let c = 0; c < n; c++)
      for (let t = 0; t < targets.length; t++)
        if (features.items[c] === targets[t]) {
          lab[c] = 1;
          found++;
          break;
        }
    if (found === 0) continue;
    for (let c = 0; c < n; c++) lab[c] /= found;
    x.push(features.x.subarray(0, n * F));
    labels.push(lab);
    offsets.push(offsets[offsets.length - 1] + n);
    query.push(i);
  }
  const rows = {
    F,
    x: x.view(),
    labels: labels.view(),
    offsets: Int32Array.from(offsets),
    query: Int32Array.from(query),
    hits: query.length,
    queries: q.histories.length,
    meanCandidates: q.histories.length > 0 ? candidates / q.histories.length : 0,
  };
  checkFinite(rows, features.names);
  return rows;
}

/**
 * Removes the excluded items' candidates (their rows and items moved up in place, order kept): serving never shows
 * them, so the ranker does not learn to rank them. Returns the candidates left.
 */
function dropExcluded(features: CandidateFeatures, n: number, exclude: Int32Array): number {
  const { F, x, items } = features;
  let m = 0;
  for (let c = 0; c < n; c++) {
    if (exclude.includes(items[c])) continue;
    if (m !== c) {
      items[m] = items[c];
      x.copyWithin(m * F, c * F, (c + 1) * F);
    }
    m++;
  }
  return m;
}

/** NaN or infinite features stop training, naming the feature and a query where it happened. */
export function checkFinite(rows: RankingRows & { query: Int32Array }, names: readonly string[]): void {
  const { x, F, offsets } = rows;
  for (let r = 0; r < x.length / F; r++)
    for (let f = 0; f < F; f++) {
      const v = x[r * F + f];
      if (Number.isFinite(v)) continue;
      let b = 0;
      while (offsets[b + 1] <= r) b++;
      throw new CartliftError(
        "bad_feature",
        `rerank: feature "${names[f]}" is ${v} for a candidate of labelled query ${rows.query[b]}`,
        "check the events' prices and timestamps; the feature list is in docs/rerank.md",
      );
    }
}
