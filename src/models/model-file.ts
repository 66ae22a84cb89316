import { readModel } from "../artifact/read-model.js";
import { writeModel } from "../artifact/write-model.js";
import type { ModelManifest, SectionArray } from "../artifact/format.js";
import { Dictionary } from "../data/dictionary.js";
import { InputError } from "../errors.js";
import { HistoryModel } from "./baselines/history.js";
import { PopularModel } from "./baselines/popular.js";
import { CovisModel, DEFAULT_SCORING, type CovisScoring } from "./covis/covis-model.js";
import type { Recommender } from "./recommender.js";
import type { Csr } from "../data/csr.js";

/** A trained model with the item ids its codes stand for. */
export interface SavedModel {
  model: Recommender;
  items: Dictionary;
  manifest: ModelManifest;
}

/** Writes any model kind: the item dictionary, the popularity list and the model's own sections. */
export function saveModel(path: string, model: Recommender, items: Dictionary, manifest: Omit<ModelManifest, "kind" | "items">): number {
  const { bytes, offsets } = items.utf8();
  const sections: Record<string, SectionArray> = { item_id_bytes: bytes, item_id_offsets: offsets };
  const popular = model instanceof PopularModel ? model : model instanceof CovisModel ? model.popular : model instanceof HistoryModel ? model.fallback : null;
  if (!popular) throw new TypeError(`saveModel: no file layout for model "${model.name}"`);
  sections.popular_items = popular.ranked;
  sections.popular_scores = popular.rankedScores;
  let params = manifest.params;
  if (model instanceof CovisModel) {
    for (const [name, m] of Object.entries(model.matrices)) {
      sections[`${name}_indptr`] = m.indptr;
      sections[`${name}_indices`] = m.indices;
      sections[`${name}_data`] = m.data;
    }
    params = { ...params, scoring: model.scoring, matrices: Object.keys(model.matrices) };
  }
  return writeModel(path, { ...manifest, params, kind: model.name, items: items.size }, sections);
}

export function loadModel(path: string): SavedModel {
  const { manifest: raw, sections } = readModel(path);
  // JSON has no Infinity: the writer spells it out (see pipeline/train.ts)
  const manifest: ModelManifest = JSON.parse(JSON.stringify(raw), (_k, v) => (v === "Infinity" ? Infinity : v));
  const need = <T extends SectionArray>(name: string): T => {
    const s = sections.get(name);
    if (!s) throw new InputError("bad_model", `${path}: section "${name}" is missing`, { file: path });
    return s as T;
  };
  const offsets = need<Int32Array>("item_id_offsets");
  const items = Dictionary.fromUtf8(need<Uint8Array>("item_id_bytes"), offsets, offsets.length - 1);
  const popular = new PopularModel(items.size, need<Int32Array>("popular_items"), need<Float32Array>("popular_scores"));
  let model: Recommender;
  switch (manifest.kind) {
    case "popular":
      model = popular;
      break;
    case "history":
      model = new HistoryModel(popular, manifest.params);
      break;
    case "covis": {
      const matrices: Record<string, Csr> = {};
      for (const name of (manifest.params.matrices as string[] | undefined) ?? []) {
        const m = { rows: items.size, indptr: need<Int32Array>(`${name}_indptr`), indices: need<Int32Array>(`${name}_indices`), data: need<Float64Array>(`${name}_data`) };
        if (m.indptr.length !== items.size + 1 || m.indptr[items.size] !== m.indices.length || m.indices.length !== m.data.length)
          throw new InputError("bad_model", `${path}: the "${name}" neighbour lists do not match the ${items.size} items`, { file: path });
        matrices[name] = m;
      }
      model = new CovisModel(matrices, popular, { ...DEFAULT_SCORING, ...(manifest.params.scoring as Partial<CovisScoring>) });
      break;
    }
    default:
      throw new InputError("unknown_model_kind", `${path}: model kind "${manifest.kind}" is not known to this cartlift`, { file: path, hint: "upgrade cartlift" });
  }
  return { model, items, manifest };
}
