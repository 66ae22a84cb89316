import type { ModelManifest, SectionArray } from "../artifact/format.js";
import type { Quantize } from "../artifact/neighbour-sections.js";
import type { Dictionary } from "../data/dictionary.js";
import { writeModelFile } from "../io/write-model-file.js";
import type { SectionSink } from "./model-kind.js";
import type { Recommender } from "./recommender.js";
import { kindOf, popularOf } from "./registry.js";

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
  return writeModelFile(path, { ...manifest, params, kind, items: items.size }, { ...sections, ...o.extra });
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
  sections.popular_items = popular.ranked;
  sections.popular_scores = popular.rankedScores;
  const sink = (prefix: string): SectionSink => ({
    prefix,
    quantize,
    sections,
    popular,
    writePart(part, params, partPrefix) {
      // parts trained with other popularity settings keep their own list (their fallback and scores)
      const own = popularOf(part);
      if (own !== popular) {
        sections[`${partPrefix}popular_items`] = own.ranked;
        sections[`${partPrefix}popular_scores`] = own.rankedScores;
      }
      return kindOf(part).write(part, params, sink(partPrefix));
    },
  });
  return { sections, kind: model.kind, params: kindOf(model).write(model, given, sink("")) };
}
