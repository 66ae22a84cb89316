import { readModel } from "../artifact/read-model.js";
import { writeModel } from "../artifact/write-model.js";
import type { ModelManifest, SectionArray } from "../artifact/format.js";
import { Dictionary } from "../data/dictionary.js";
import { InputError } from "../errors.js";
import { HistoryModel } from "./baselines/history.js";
import { PopularModel } from "./baselines/popular.js";
import { CovisModel, DEFAULT_SCORING, type CovisScoring } from "./covis/covis-model.js";
import type { Recommender } from "./recommender.js";
import { BlendModel } from "./blend.js";
import type { Csr } from "../data/csr.js";

/** A trained model with the item ids its codes stand for. */
export interface SavedModel {
  model: Recommender;
  items: Dictionary;
  manifest: ModelManifest;
}

/** Writes any model kind: the item dictionary, the popularity list and the model's own sections (a blend's parts under `part<i>.`). */
export function saveModel(path: string, model: Recommender, items: Dictionary, manifest: Omit<ModelManifest, "kind" | "items">): number {
  const { bytes, offsets } = items.utf8();
  const sections: Record<string, SectionArray> = { item_id_bytes: bytes, item_id_offsets: offsets };
  const popular = popularOf(model);
  if (!popular) throw new TypeError(`saveModel: no file layout for model "${model.name}"`);
  sections.popular_items = popular.ranked;
  sections.popular_scores = popular.rankedScores;
  let params = manifest.params;
  let kind = model.name;
  if (model instanceof BlendModel) {
    // the caller's params.parts[i] are the parts' training options
    const given = (params.parts as { params?: Record<string, unknown> }[] | undefined) ?? [];
    const parts = model.parts.map((p, i) => {
      // parts trained with other popularity settings keep their own list (their fallback and scores)
      const own = popularOf(p.model);
      if (own && own !== popular) {
        sections[`part${i}.popular_items`] = own.ranked;
        sections[`part${i}.popular_scores`] = own.rankedScores;
      }
      return { kind: p.model.name, weight: p.weight, params: ownSections(p.model, given[i]?.params ?? {}, sections, `part${i}.`) };
    });
    params = { ...params, parts };
    kind = "blend";
  } else params = ownSections(model, params, sections, "");
  return writeModel(path, { ...manifest, params, kind, items: items.size }, sections);
}

function popularOf(model: Recommender): PopularModel | null {
  if (model instanceof PopularModel) return model;
  if (model instanceof CovisModel) return model.popular;
  if (model instanceof HistoryModel) return model.fallback;
  if (model instanceof BlendModel) return popularOf(model.parts[0].model);
  return null;
}

/** Adds the model's own sections under `prefix`; returns its params with what loading needs. */
function ownSections(model: Recommender, params: Record<string, unknown>, sections: Record<string, SectionArray>, prefix: string): Record<string, unknown> {
  if (!(model instanceof CovisModel)) return params;
  for (const [name, m] of Object.entries(model.matrices)) {
    sections[`${prefix}${name}_indptr`] = m.indptr;
    sections[`${prefix}${name}_indices`] = m.indices;
    sections[`${prefix}${name}_data`] = m.data;
  }
  return { ...params, scoring: model.scoring, matrices: Object.keys(model.matrices) };
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
  const shared = new PopularModel(items.size, need<Int32Array>("popular_items"), need<Float32Array>("popular_scores"));
  const build = (kind: string, params: Record<string, unknown>, prefix: string): Recommender => {
    const popular = prefix && sections.has(`${prefix}popular_items`) ? new PopularModel(items.size, need<Int32Array>(`${prefix}popular_items`), need<Float32Array>(`${prefix}popular_scores`)) : shared;
    switch (kind) {
      case "popular":
        return popular;
      case "history":
        return new HistoryModel(popular, params);
      case "covis": {
        const matrices: Record<string, Csr> = {};
        for (const name of (params.matrices as string[] | undefined) ?? []) {
          const m = { rows: items.size, indptr: need<Int32Array>(`${prefix}${name}_indptr`), indices: need<Int32Array>(`${prefix}${name}_indices`), data: need<Float64Array>(`${prefix}${name}_data`) };
          if (m.indptr.length !== items.size + 1 || m.indptr[items.size] !== m.indices.length || m.indices.length !== m.data.length)
            throw new InputError("bad_model", `${path}: the "${name}" neighbour lists do not match the ${items.size} items`, { file: path });
          matrices[name] = m;
        }
        return new CovisModel(matrices, popular, { ...DEFAULT_SCORING, ...(params.scoring as Partial<CovisScoring>) });
      }
      case "blend": {
        if (prefix) break; // no blends of blends
        const parts = (params.parts as { kind: string; weight: number; params: Record<string, unknown> }[] | undefined) ?? [];
        if (parts.length === 0) throw new InputError("bad_model", `${path}: a blend without parts`, { file: path });
        return new BlendModel(parts.map((p, i) => ({ model: build(p.kind, p.params ?? {}, `part${i}.`), weight: p.weight })));
      }
    }
    throw new InputError("unknown_model_kind", `${path}: model kind "${kind}" is not known to this cartlift`, { file: path, hint: "upgrade cartlift" });
  };
  const model = build(manifest.kind, manifest.params, "");
  return { model, items, manifest };
}
