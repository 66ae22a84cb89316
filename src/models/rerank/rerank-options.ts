import { TENSOR_BACKENDS } from "../../tensor/backend-choice.js";
import { MATRIX_NAMES } from "../covis/matrix-names.js";
import { duration, listOf, number, oneOf, whole, type ModelOption } from "../option-table.js";
import { NEIGHBOURS_K } from "../shared-options.js";

/** How training queries are built from the label window: the evaluation protocol of the same name. */
export const RERANK_PROTOCOLS = [
  "session-next",
  "session-future",
  "empty-cart",
  "add-to-cart",
  "abandoned-cart",
] as const;
export type RerankProtocol = (typeof RERANK_PROTOCOLS)[number];

/** The ranker's training loss: listwise softmax cross-entropy, or LambdaRank-style NDCG-weighted pairs. */
export const RANKER_LOSSES = ["softmax", "lambdarank"] as const;
export type RankerLoss = (typeof RANKER_LOSSES)[number];

/**
 * Below this many training events `--item2vec auto` trains item2vec: it is trained once per label window and once
 * for serving, about a minute per million events each at 5 epochs (docs/item2vec.md: 30 s for 500k events), which
 * the 3-minute training bar on 5M events cannot hold.
 */
export const AUTO_ITEM2VEC_EVENTS = 1_000_000;

/** Whether item2vec is trained, for the item2vec option and the training events. */
export function usesItem2vec(setting: RerankOptions["item2vec"], trainingEvents: number): boolean {
  if (setting === true || setting === "true") return true;
  if (setting === false || setting === "false") return false;
  return trainingEvents < AUTO_ITEM2VEC_EVENTS;
}

/** The options of `rerank`, in manifest order (docs/rerank.md). */
export const RERANK_OPTIONS: readonly ModelOption[] = [
  {
    name: "candidates",
    key: "candidates",
    parse: whole(1, 10_000),
    default: "100",
    value: "<n>",
    doc: "candidates from each neighbour list (top N), with the history's items and popular items",
  },
  {
    name: "seeds",
    key: "lastN",
    parse: whole(1, 1000),
    default: "3",
    value: "<n>",
    doc: "distinct recent items whose neighbours are candidates",
  },
  {
    name: "own-items",
    key: "maxHistory",
    parse: whole(0, 100_000),
    default: "20",
    value: "<n>",
    doc: "at most this many of the history's own items are candidates",
  },
  {
    name: "popular-candidates",
    key: "popularN",
    parse: whole(0, 10_000),
    default: "20",
    value: "<n>",
    doc: "the most popular items added to every query's candidates",
  },
  {
    name: "generators",
    key: "matrices",
    parse: listOf(MATRIX_NAMES),
    default: "covisit,buy2buy,cart2buy",
    value: "<names>",
    doc: "co-visitation lists used as generators (inside a spec: covisit|buy2buy)",
  },
  {
    name: "category-candidates",
    key: "categoryN",
    parse: whole(0, 10_000),
    default: "0",
    value: "<n>",
    doc: "the most popular items of the last item's category added to the candidates (data with categories)",
  },
  {
    name: "session-seeds",
    key: "sessionSeeds",
    parse: whole(0, 1000),
    default: "0",
    value: "<n>",
    doc: "the session_score feature: the first list's recency-weighted sum over this many recent items (0: none)",
  },
  NEIGHBOURS_K,
  {
    name: "item2vec",
    key: "item2vec",
    parse: oneOf(["auto", "true", "false"] as const),
    default: "auto",
    value: "<auto|true|false>",
    doc: "train item2vec as a generator (neighbours, similarity features); auto: below 1,000,000 training events",
  },
  {
    name: "item2vec-epochs",
    key: "item2vecEpochs",
    parse: whole(1, 10_000),
    default: "5",
    value: "<n>",
    doc: "item2vec's passes over the sequences",
  },
  {
    name: "ranker",
    key: "ranker",
    parse: oneOf(["mlp", "linear"] as const),
    default: "mlp",
    value: "<mlp|linear>",
    doc: "a small multilayer network or a linear model",
  },
  {
    name: "hidden",
    key: "hidden",
    parse: whole(2, 1024),
    default: "32",
    value: "<n>",
    doc: "mlp: width of the first hidden layer (the second is half)",
  },
  {
    name: "loss",
    key: "loss",
    parse: oneOf(RANKER_LOSSES),
    default: "softmax",
    value: `<${RANKER_LOSSES.join("|")}>`,
    doc: "softmax cross-entropy over each query's candidates, or LambdaRank's NDCG-weighted pairwise loss",
  },
  {
    name: "cut",
    key: "cut",
    parse: whole(0, 10_000),
    default: "0",
    value: "<n>",
    doc: "score every candidate linearly first and run the network on the best n only (0: on every candidate)",
  },
  {
    name: "ranker-epochs",
    key: "epochs",
    parse: whole(1, 10_000),
    default: "20",
    value: "<n>",
    doc: "at most this many passes (early stopping on the validation slice)",
  },
  {
    name: "learning-rate",
    key: "learningRate",
    parse: number(0, 10, true),
    default: "0.003",
    value: "<rate>",
    doc: "Adam's learning rate",
  },
  {
    name: "label-window",
    key: "labelWindowMs",
    parse: duration,
    default: "7d",
    value: "<duration>",
    doc: "the last stretch of the training data whose sessions become labelled queries",
  },
  {
    name: "label-windows",
    key: "labelWindows",
    parse: whole(1, 100),
    default: "1",
    value: "<n>",
    doc: "consecutive label windows back from the training end (each with generators trained before it)",
  },
  {
    name: "label-folds",
    key: "labelFolds",
    parse: whole(0, 100),
    default: "0",
    value: "<n>",
    doc: "n > 1: every training session is labelled, in n folds by time, each fold's generators fitted on the others (0: label windows)",
  },
  {
    name: "label-protocol",
    key: "protocol",
    parse: oneOf(RERANK_PROTOCOLS),
    default: "session-next",
    value: `<${RERANK_PROTOCOLS.join("|")}>`,
    doc: "how labelled queries are built (as evaluate's protocol of that name): sessions' positions or moments",
  },
  {
    name: "label-ttl",
    key: "labelTtlMs",
    parse: duration,
    default: "24h",
    value: "<duration>",
    doc: "the moment protocols: cart lifetime (as evaluate's --ttl)",
  },
  {
    name: "max-queries",
    key: "maxQueries",
    parse: whole(10, 10_000_000),
    default: "10000",
    value: "<n>",
    doc: "labelled queries at most (whole sessions sampled, seeded)",
  },
  {
    name: "ranker-seed",
    key: "seed",
    parse: whole(0, 2 ** 32 - 1),
    default: "42",
    value: "<n>",
    doc: "seed of sampling, initial weights and batch order",
  },
  {
    name: "baseline-guard",
    key: "baselineGuard",
    parse: oneOf(["on", "off"] as const),
    default: "on",
    value: "<on|off>",
    doc: "refuse a ranker that its validation slice shows worse than co-visitation's own order (exit 3)",
  },
  {
    name: "ranker-backend",
    key: "backend",
    parse: oneOf(TENSOR_BACKENDS),
    default: "auto",
    value: `<${TENSOR_BACKENDS.join("|")}>`,
    doc: "where TensorFlow.js trains (auto: tfjs-node if installed, else wasm); serving needs none",
  },
];

export interface RerankOptions {
  candidates: number;
  lastN: number;
  maxHistory: number;
  popularN: number;
  sessionSeeds: number;
  categoryN: number;
  matrices: string[];
  k: number;
  /** auto: below AUTO_ITEM2VEC_EVENTS training events (a spec or a caller may give a boolean). */
  item2vec: "auto" | "true" | "false" | boolean;
  item2vecEpochs: number;
  ranker: "mlp" | "linear";
  /** on: training fails when the ranker is worse than co-visitation's own order on the validation slice. */
  baselineGuard: "on" | "off";
  hidden: number;
  loss: RankerLoss;
  cut: number;
  epochs: number;
  learningRate: number;
  labelWindowMs: number;
  labelWindows: number;
  labelFolds: number;
  protocol: (typeof RERANK_PROTOCOLS)[number];
  labelTtlMs: number;
  maxQueries: number;
  seed: number;
  backend: (typeof TENSOR_BACKENDS)[number];
}

/** Every option's default, read from the table. */
export function rerankDefaults(): RerankOptions {
  const out: Record<string, unknown> = {};
  for (const o of RERANK_OPTIONS) out[o.key] = o.parse(o.default!, o.name);
  return out as unknown as RerankOptions;
}
