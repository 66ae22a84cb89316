import { readVectorSections, vectorSectionNames, vectorSections } from "../artifact/vector-sections.js";
import { parseModel, readModel } from "../artifact/read-model.js";
import { writeModel } from "../artifact/write-model.js";
import type { ModelManifest, SectionArray } from "../artifact/format.js";
import { neighbourSections, readNeighbourSections, type Quantize } from "../artifact/neighbour-sections.js";
import { validCodes, validOffsets } from "../artifact/validate-sections.js";
import { Dictionary } from "../data/dictionary.js";
import { InputError } from "../errors.js";
import { HistoryModel } from "./baselines/history.js";
import { PopularModel } from "./baselines/popular.js";
import { CovisModel, DEFAULT_SCORING, type CovisScoring } from "./covis/covis-model.js";
import type { Recommender } from "./recommender.js";
import { BlendModel } from "./blend.js";
import { Item2VecModel } from "./embedding/item2vec-model.js";
import type { ScaledCsr } from "../data/csr.js";

/** A trained model with the item ids its codes stand for. */
export interface SavedModel {
  model: Recommender;
  items: Dictionary;
  manifest: ModelManifest;
  /** Sections beyond the model itself (e.g. item_last_seen), as read. */
  extra: Map<string, SectionArray>;
  /** Format version and size of the file. */
  version: string;
  bytes: number;
}

export interface SaveOptions {
  /** Neighbour scores at full precision (train) or quantised (export). */
  quantize?: Quantize;
  /** More sections to store as they are (e.g. item_last_seen). */
  extra?: Record<string, SectionArray>;
}

/**
 * Writes any model kind: the item dictionary, the popularity list and the model's own sections (a blend's parts under
 * `part<i>.`).
 */
export function saveModel(
  path: string,
  model: Recommender,
  items: Dictionary,
  manifest: Omit<ModelManifest, "kind" | "items">,
  o: SaveOptions = {},
): number {
  const { sections, kind, params } = modelSections(model, items, manifest.params, o.quantize ?? "none");
  return writeModel(path, { ...manifest, params, kind, items: items.size }, { ...sections, ...o.extra });
}

/** The sections and manifest params of a model, as saveModel writes them. */
export function modelSections(
  model: Recommender,
  items: Dictionary,
  given: Record<string, unknown>,
  quantize: Quantize,
): { sections: Record<string, SectionArray>; kind: string; params: Record<string, unknown> } {
  const { bytes, offsets } = items.utf8();
  const sections: Record<string, SectionArray> = { item_id_bytes: bytes, item_id_offsets: offsets };
  const popular = popularOf(model);
  if (!popular) throw new TypeError(`saveModel: no file layout for model "${model.name}"`);
  sections.popular_items = popular.ranked;
  sections.popular_scores = popular.rankedScores;
  if (!(model instanceof BlendModel))
    return { sections, kind: model.name, params: ownSections(model, given, sections, "", quantize) };
  // the caller's params.parts[i] are the parts' training options
  const partsGiven = (given.parts as { params?: Record<string, unknown> }[] | undefined) ?? [];
  const parts = model.parts.map((p, i) => {
    // parts trained with other popularity settings keep their own list (their fallback and scores)
    const own = popularOf(p.model);
    if (own && own !== popular) {
      sections[`part${i}.popular_items`] = own.ranked;
      sections[`part${i}.popular_scores`] = own.rankedScores;
    }
    return {
      kind: p.model.name,
      weight: p.weight,
      params: ownSections(p.model, partsGiven[i]?.params ?? {}, sections, `part${i}.`, quantize),
    };
  });
  return { sections, kind: "blend", params: { ...given, parts } };
}

export function popularOf(model: Recommender): PopularModel | null {
  if (model instanceof PopularModel) return model;
  if (model instanceof Item2VecModel) return model.popular;
  if (model instanceof CovisModel) return model.popular;
  if (model instanceof HistoryModel) return model.fallback;
  if (model instanceof BlendModel) return popularOf(model.parts[0].model);
  return null;
}

/** Adds the model's own sections under `prefix`; returns its params with what loading needs. */
function ownSections(
  model: Recommender,
  params: Record<string, unknown>,
  sections: Record<string, SectionArray>,
  prefix: string,
  quantize: Quantize,
): Record<string, unknown> {
  if (model instanceof Item2VecModel) {
    Object.assign(sections, vectorSections(`${prefix}item2vec_vectors`, model.vectors, model.dim, quantize));
    Object.assign(sections, neighbourSections(`${prefix}item2vec_neighbours`, model.neighbours, quantize));
    return { ...params, dim: model.dim, lastN: model.lastN };
  }
  if (!(model instanceof CovisModel)) return params;
  for (const [name, m] of Object.entries(model.matrices))
    Object.assign(sections, neighbourSections(`${prefix}${name}`, m, quantize));
  return { ...params, scoring: model.scoring, matrices: Object.keys(model.matrices) };
}

/** Loads a model file (trained or exported: the same reader) and rebuilds its recommender. */
export function loadModel(path: string): SavedModel {
  return buildSavedModel(readModel(path), path);
}

/** loadModel over bytes already in memory (`path` names them in errors). */
export function loadModelBytes(bytes: Uint8Array, path: string): SavedModel {
  return buildSavedModel(parseModel(bytes, path), path);
}

function buildSavedModel(
  { manifest: raw, sections, version, bytes }: ReturnType<typeof readModel>,
  path: string,
): SavedModel {
  // JSON has no Infinity: the writer spells it out (see pipeline/train.ts)
  const manifest: ModelManifest = JSON.parse(JSON.stringify(raw), (_k, v) => (v === "Infinity" ? Infinity : v));
  const bad = (what: string) =>
    new InputError("bad_model", `${path}: ${what}`, {
      file: path,
      hint: "retrain it with cartlift train, or re-export it",
    });
  const used = new Set<string>();
  const need = <T extends SectionArray>(name: string, type: new (...a: never[]) => T): T => {
    const s = sections.get(name);
    if (!(s instanceof type)) throw bad(`section "${name}" is missing or of the wrong type`);
    used.add(name);
    return s;
  };
  const offsets = need("item_id_offsets", Int32Array);
  const idBytes = need("item_id_bytes", Uint8Array);
  const nItems = offsets.length - 1;
  if (nItems !== manifest.items || !validOffsets(offsets, nItems, idBytes.length))
    throw bad("the item ids do not match the manifest's item count");
  const items = Dictionary.fromUtf8(idBytes, offsets, nItems);
  if (items.size !== nItems) throw bad("an item id appears twice");
  const popularAt = (prefix: string): PopularModel => {
    const ranked = need(`${prefix}popular_items`, Int32Array);
    const scores = need(`${prefix}popular_scores`, Float32Array);
    if (ranked.length !== scores.length || !validCodes(ranked, nItems))
      throw bad(`the "${prefix}popular" list does not match the ${nItems} items`);
    return new PopularModel(nItems, ranked, scores);
  };
  const shared = popularAt("");
  const build = (kind: string, params: Record<string, unknown>, prefix: string): Recommender => {
    const popular = prefix && sections.has(`${prefix}popular_items`) ? popularAt(prefix) : shared;
    switch (kind) {
      case "popular":
        return popular;
      case "history":
        return new HistoryModel(popular, params);
      case "covis": {
        const matrices: Record<string, ScaledCsr> = {};
        for (const name of (params.matrices as string[] | undefined) ?? []) {
          const m = readNeighbourSections(`${prefix}${name}`, nItems, sections);
          if (
            !m ||
            !validOffsets(m.indptr, nItems, m.indices.length) ||
            m.data.length !== m.indices.length ||
            !validCodes(m.indices, nItems)
          )
            throw bad(`the "${name}" neighbour lists are missing or do not match the ${nItems} items`);
          for (const suffix of ["_indptr", "_indices", "_data", "_q16", "_q8", "_row_scale"])
            used.add(`${prefix}${name}${suffix}`);
          matrices[name] = m;
        }
        if (Object.keys(matrices).length === 0) throw bad("a co-visitation model without neighbour lists");
        return new CovisModel(matrices, popular, { ...DEFAULT_SCORING, ...(params.scoring as Partial<CovisScoring>) });
      }
      case "item2vec": {
        const dim = Number(params.dim);
        const vectors =
          Number.isInteger(dim) && dim >= 1
            ? readVectorSections(`${prefix}item2vec_vectors`, nItems, dim, sections)
            : null;
        const m = readNeighbourSections(`${prefix}item2vec_neighbours`, nItems, sections);
        if (!vectors || !m || !validOffsets(m.indptr, nItems, m.indices.length) || !validCodes(m.indices, nItems))
          throw bad("the item2vec vectors or neighbour lists do not match the items");
        for (const suffix of ["_indptr", "_indices", "_data", "_q16", "_q8", "_row_scale"])
          used.add(`${prefix}item2vec_neighbours${suffix}`);
        for (const name of vectorSectionNames(`${prefix}item2vec_vectors`)) used.add(name);
        return new Item2VecModel(vectors, dim, m, popular, Number(params.lastN ?? 10));
      }
      case "blend": {
        if (prefix) break; // no blends of blends
        const parts =
          (params.parts as { kind: string; weight: number; params: Record<string, unknown> }[] | undefined) ?? [];
        if (parts.length === 0) throw bad("a blend without parts");
        return new BlendModel(
          parts.map((p, i) => ({ model: build(p.kind, p.params ?? {}, `part${i}.`), weight: p.weight })),
        );
      }
    }
    throw new InputError("unknown_model_kind", `${path}: model kind "${kind}" is not known to this cartlift`, {
      file: path,
      hint: "upgrade cartlift",
    });
  };
  const model = build(manifest.kind, manifest.params ?? {}, "");
  const extra = new Map([...sections].filter(([name]) => !used.has(name)));
  return { model, items, manifest, extra, version, bytes };
}
