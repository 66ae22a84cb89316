import type { Dictionary } from "../data/dictionary.js";
import type { HistoryEvent, Recommendation, RecommendOptions, Recommender, TopK } from "../models/recommender.js";

/** Item codes of a model file's dictionary mapped to a dataset's and back (-1: not in the other). */
export interface ItemAlignment {
  toModel: Int32Array;
  toData: Int32Array;
  identical: boolean;
}

export function alignItems(modelItems: Dictionary, dataItems: Dictionary): ItemAlignment {
  const toModel = new Int32Array(dataItems.size).fill(-1);
  const toData = new Int32Array(modelItems.size).fill(-1);
  let identical = modelItems.size === dataItems.size;
  for (let c = 0; c < modelItems.size; c++) {
    const d = dataItems.lookup(modelItems.get(c));
    toData[c] = d;
    if (d >= 0) toModel[d] = c;
    if (d !== c) identical = false;
  }
  return { toModel, toData, identical };
}

/**
 * A trained model file scored on a dataset with its own item codes: histories and exclusions are
 * mapped into the model's codes, recommendations back (items the dataset does not have become -1,
 * which never matches a target).
 */
export class RemappedModel implements Recommender {
  /** Not a stored kind: a view of a loaded model on a dataset's item codes. */
  readonly kind = "remapped";
  readonly name: string;

  constructor(
    private readonly inner: Recommender,
    private readonly map: ItemAlignment,
  ) {
    this.name = inner.name;
  }

  get nItems(): number {
    return this.map.toModel.length;
  }

  recommend(history: readonly HistoryEvent[], opts: RecommendOptions): Recommendation {
    const h = history.map((e) => ({
      ...e,
      item: e.item >= 0 && e.item < this.map.toModel.length ? this.map.toModel[e.item] : -1,
    }));
    const exclude = opts.exclude
      ? new Set([...opts.exclude].map((i) => this.map.toModel[i]).filter((i) => i >= 0))
      : undefined;
    const r = this.inner.recommend(h, { ...opts, exclude });
    return { ...r, items: this.back(r.items) };
  }

  similarItems(item: number, k: number): TopK {
    const code = this.map.toModel[item] ?? -1;
    if (code < 0) return { items: new Int32Array(0), scores: new Float32Array(0) };
    const r = this.inner.similarItems(code, k);
    return { items: this.back(r.items), scores: r.scores };
  }

  private back(items: Int32Array): Int32Array {
    return items.map((i) => (i >= 0 ? this.map.toData[i] : -1));
  }
}
