import { neighbourSections } from "../../artifact/neighbour-sections.js";
import { vectorSections } from "../../artifact/vector-sections.js";
import { TENSOR_BACKENDS } from "../../tensor/backend-choice.js";
import type { ModelKind } from "../model-kind.js";
import { eventRepeatMap, number, oneOf, whole, type ModelOption } from "../option-table.js";
import { NEIGHBOURS_K, SCOPE } from "../shared-options.js";
import { shrinkCsr, shrinkPopular, shrinkRows } from "../shrink.js";
import { Item2VecModel } from "./item2vec-model.js";
import { SGNS_DEFAULTS } from "./sgns-options.js";

const d = (v: number) => String(v);
const options: readonly ModelOption[] = [
  SCOPE,
  NEIGHBOURS_K,
  {
    name: "dim",
    key: "dim",
    parse: whole(1, 4096),
    default: d(SGNS_DEFAULTS.dim),
    value: "<n>",
    doc: "vector dimension",
  },
  {
    name: "context",
    key: "window",
    parse: whole(1, 1000),
    default: d(SGNS_DEFAULTS.window),
    value: "<n>",
    doc: "largest distance to a context item",
  },
  {
    name: "negatives",
    key: "negatives",
    parse: whole(1, 1000),
    default: d(SGNS_DEFAULTS.negatives),
    value: "<n>",
    doc: "negative samples per pair",
  },
  {
    name: "epochs",
    key: "epochs",
    parse: whole(1, 10_000),
    default: d(SGNS_DEFAULTS.epochs),
    value: "<n>",
    doc: "passes over the sequences",
  },
  {
    name: "alpha",
    key: "alpha",
    parse: number(0, 10, true),
    default: d(SGNS_DEFAULTS.alpha),
    value: "<rate>",
    doc: "learning rate at the start (decays linearly to min-alpha)",
  },
  {
    name: "min-alpha",
    key: "minAlpha",
    parse: number(0, 10, true),
    default: d(SGNS_DEFAULTS.minAlpha),
    value: "<rate>",
    doc: "learning rate at the end",
  },
  {
    name: "backend",
    key: "backend",
    parse: oneOf(TENSOR_BACKENDS),
    default: "auto",
    value: `<${TENSOR_BACKENDS.join("|")}>`,
    doc: "where TensorFlow.js runs the neighbour search (auto: tfjs-node if installed, else wasm)",
  },
  {
    name: "repeat",
    key: "repeat",
    parse: eventRepeatMap,
    defaultNote: "1 for every type",
    value: "<type=n,...>",
    doc: "write each event of a type n times into the sequences (0 leaves it out; inside a spec: cart_add:2|purchase:3)",
  },
  {
    name: "sample",
    key: "sample",
    parse: number(0, 1),
    default: d(SGNS_DEFAULTS.sample),
    value: "<t>",
    doc: "frequent-item subsampling threshold (0: none)",
  },
  {
    name: "min-count",
    key: "minCount",
    parse: whole(1, 1_000_000_000),
    default: d(SGNS_DEFAULTS.minCount),
    value: "<n>",
    doc: "items seen fewer times get no vector",
  },
  {
    name: "seed",
    key: "seed",
    parse: whole(0, 2 ** 32 - 1),
    default: d(SGNS_DEFAULTS.seed),
    value: "<n>",
    doc: "seed (same seed and data, same vectors)",
  },
];

/** Item embeddings by skip-gram with negative sampling, with exact cosine neighbour lists; docs/item2vec.md. */
export const item2vecKind: ModelKind<Item2VecModel> = {
  name: "item2vec",
  summary: "item embeddings (skip-gram with negative sampling) with exact cosine neighbour lists",
  options,
  async fit(table, given, ctx) {
    const { fitItem2Vec } = await import("./fit-item2vec.js");
    return fitItem2Vec(table, given, options, ctx);
  },
  write(model, params, out) {
    Object.assign(
      out.sections,
      vectorSections(`${out.prefix}item2vec_vectors`, model.vectors, model.dim, out.quantize),
    );
    Object.assign(out.sections, neighbourSections(`${out.prefix}item2vec_neighbours`, model.neighbours, out.quantize));
    return { ...params, dim: model.dim, lastN: model.lastN };
  },
  read(params, from) {
    const dim = Number(params.dim);
    const vectors = Number.isInteger(dim) && dim >= 1 ? from.vectors("item2vec_vectors", dim) : null;
    if (!vectors) throw from.bad("the item2vec vectors or neighbour lists do not match the items");
    return new Item2VecModel(
      vectors,
      dim,
      from.neighbours("item2vec_neighbours"),
      from.popular(),
      Number(params.lastN ?? 10),
    );
  },
  shrink: (model, to) =>
    new Item2VecModel(
      shrinkRows(model.vectors, model.dim, to.newCode, to.nItems),
      model.dim,
      shrinkCsr(model.neighbours, to.newCode, to.nItems, to.k),
      shrinkPopular(model.popular, to.newCode, to.nItems),
      model.lastN,
    ),
  neighbourEntries: (model) => model.neighbours.indices.length,
  popular: (model) => model.popular,
  async recommendMany(model, histories, k, given, onProgress) {
    const { denseRecommendationsOn } = await import("./fit-item2vec.js");
    return denseRecommendationsOn(model, histories, k, (given.backend as string | undefined) ?? "auto", onProgress);
  },
};
