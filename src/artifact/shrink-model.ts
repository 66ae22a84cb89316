import { csrValue, type Csr, type ScaledCsr } from "../data/csr.js";
import { HistoryModel } from "../models/baselines/history.js";
import { PopularModel } from "../models/baselines/popular.js";
import { BlendModel } from "../models/blend.js";
import { CovisModel } from "../models/covis/covis-model.js";
import { Item2VecModel } from "../models/embedding/item2vec-model.js";
import type { Recommender } from "../models/recommender.js";

/**
 * A model restricted to some items and cut to k neighbours per item, for a serving artifact:
 * `newCode[old]` is the item's code in the smaller catalogue, -1 when it is dropped (rows of dropped
 * items and entries pointing to them disappear; the order of what stays is kept). Kept items keep
 * their relative order: newCode increases with the old code.
 */
export function shrinkModel(model: Recommender, newCode: Int32Array, nItems: number, k: number | null): Recommender {
  if (model instanceof PopularModel) return shrinkPopular(model, newCode, nItems);
  if (model instanceof HistoryModel)
    return new HistoryModel(shrinkPopular(model.fallback, newCode, nItems), model.options);
  if (model instanceof CovisModel) {
    const matrices = Object.fromEntries(
      Object.entries(model.matrices).map(([name, m]) => [name, shrinkCsr(m, newCode, nItems, k)]),
    );
    return new CovisModel(matrices, shrinkPopular(model.popular, newCode, nItems), model.scoring);
  }
  if (model instanceof Item2VecModel) {
    const D = model.dim;
    const vectors = new Float32Array(nItems * D);
    for (let old = 0; old < newCode.length; old++)
      if (newCode[old] >= 0) vectors.set(model.vectors.subarray(old * D, (old + 1) * D), newCode[old] * D);
    return new Item2VecModel(
      vectors,
      D,
      shrinkCsr(model.neighbours, newCode, nItems, k),
      shrinkPopular(model.popular, newCode, nItems),
      model.lastN,
    );
  }
  if (model instanceof BlendModel)
    return new BlendModel(
      model.parts.map((p) => ({ model: shrinkModel(p.model, newCode, nItems, k), weight: p.weight })),
    );
  throw new TypeError(`shrinkModel: no rule for model "${model.name}"`);
}

function shrinkPopular(p: PopularModel, newCode: Int32Array, nItems: number): PopularModel {
  const keep = [];
  for (let r = 0; r < p.ranked.length; r++) if (newCode[p.ranked[r]] >= 0) keep.push(r);
  return new PopularModel(
    nItems,
    Int32Array.from(keep, (r) => newCode[p.ranked[r]]),
    Float32Array.from(keep, (r) => p.rankedScores[r]),
  );
}

function shrinkCsr(m: ScaledCsr, newCode: Int32Array, nItems: number, k: number | null): Csr {
  const indptr = new Int32Array(nItems + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let old = 0; old < m.rows; old++) {
    const row = newCode[old];
    if (row < 0) continue;
    let kept = 0;
    for (let x = m.indptr[old]; x < m.indptr[old + 1] && (k === null || kept < k); x++) {
      const nb = newCode[m.indices[x]];
      if (nb < 0) continue;
      indices.push(nb);
      data.push(csrValue(m, old, x));
      kept++;
    }
    indptr[row + 1] = kept;
  }
  for (let r = 0; r < nItems; r++) indptr[r + 1] += indptr[r];
  return { rows: nItems, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) };
}
