import type { ModelKind } from "../model-kind.js";
import { boolean, duration, listOf, number, oneOf, whole, type ModelOption } from "../option-table.js";
import { EVENT_WEIGHTS, HALF_LIFE, NEIGHBOURS_K, SCOPE, WINDOW } from "../shared-options.js";
import { shrinkCsr, shrinkPopular } from "../shrink.js";
import { CovisModel, DEFAULT_SCORING, type CovisScoring } from "./covis-model.js";
import { MATRIX_NAMES } from "./matrix-names.js";
import { NORMALISATIONS } from "./normalise.js";
import { ENGINE_OPTIONS } from "./engine-options.js";
import { STATE_OPTIONS } from "./state/state-options.js";
import type { ScaledCsr } from "../../data/csr.js";
import { neighbourSections } from "../../artifact/neighbour-sections.js";

/** In the order `train` has always recorded them: the same options give the same manifest bytes. */
const options: readonly ModelOption[] = [
  SCOPE,
  {
    name: "max-gap",
    key: "maxGap",
    parse: whole(1, 1_000_000),
    default: "30",
    value: "<n>",
    doc: "pairs at most this many events apart",
  },
  WINDOW,
  EVENT_WEIGHTS,
  HALF_LIFE,
  {
    name: "position-decay",
    key: "positionDecay",
    parse: boolean,
    default: "true",
    value: "<true|false>",
    negatable: true,
    doc: "weight pairs by 1 / distance",
  },
  {
    name: "normalise",
    key: "normalisation",
    parse: oneOf(NORMALISATIONS),
    default: "raw",
    value: `<${NORMALISATIONS.join("|")}>`,
    doc: "similarity from pair weights and item supports (docs/covis.md)",
  },
  NEIGHBOURS_K,
  {
    name: "min-support",
    key: "minSupport",
    parse: number(0, Number.MAX_VALUE),
    default: "0",
    value: "<w>",
    doc: "drop pairs whose summed weight is below this",
  },
  {
    name: "passes",
    key: "passes",
    parse: (text, where) => (text === "auto" ? 0 : whole(1, 1024)(text, where)),
    default: "auto",
    value: "<n|auto>",
    doc: "count anchors in this many passes (bounds memory; same result); auto keeps a pass under 1 GiB",
  },
  {
    name: "matrices",
    key: "matrices",
    parse: listOf(MATRIX_NAMES),
    default: "covisit",
    value: "<names>",
    doc: `neighbour lists to train: ${MATRIX_NAMES.join(", ")} (inside a spec: covisit|buy2buy)`,
  },
  {
    name: "complement-window",
    key: "complementWindowMs",
    parse: duration,
    default: "14d",
    value: "<duration>",
    doc: "time window of buy2buy and cart2buy, on user timelines",
  },
  {
    name: "last-n",
    key: "scoring.lastN",
    parse: whole(1, 1000),
    default: "3",
    value: "<n>",
    doc: "scoring: distinct recent history items used as seeds",
  },
  {
    name: "history",
    key: "scoring.history",
    parse: oneOf(["first", "mix", "exclude"] as const),
    default: "first",
    value: "<first|mix|exclude>",
    doc: "scoring: history items first, mixed in, or excluded",
  },
  {
    name: "max-history",
    key: "scoring.maxHistory",
    parse: whole(1, 100_000),
    default: "20",
    value: "<n>",
    doc: "scoring: at most this many history items put first",
  },
  {
    name: "matrix",
    key: "scoring.matrix",
    parse: oneOf(MATRIX_NAMES),
    defaultNote: "the first trained",
    value: "<name>",
    doc: "scoring: the list recommend() uses",
  },
  ...ENGINE_OPTIONS,
  ...STATE_OPTIONS,
];

/** Item-item co-visitation: substitutes (covisit) and complements (buy2buy, cart2buy); docs/covis.md. */
export const covisKind: ModelKind<CovisModel> = {
  name: "covis",
  summary: "item-item co-visitation: substitutes (covisit) and bought-together complements (buy2buy, cart2buy)",
  options,
  // the count reads time, user, session, item and event only (popular too)
  optionalColumns: [],
  async fit(table, given, ctx) {
    const { fitCovis } = await import("./fit-covis.js");
    return fitCovis(table, given, options, ctx);
  },
  write(model, params, out) {
    for (const [name, m] of Object.entries(model.matrices))
      Object.assign(out.sections, neighbourSections(`${out.prefix}${name}`, m, out.quantize));
    return { ...params, scoring: model.scoring, matrices: Object.keys(model.matrices) };
  },
  read(params, from) {
    const matrices: Record<string, ScaledCsr> = {};
    for (const name of (params.matrices as string[] | undefined) ?? []) matrices[name] = from.neighbours(name);
    if (Object.keys(matrices).length === 0) throw from.bad("a co-visitation model without neighbour lists");
    return new CovisModel(matrices, from.popular(), {
      ...DEFAULT_SCORING,
      ...(params.scoring as Partial<CovisScoring>),
    });
  },
  shrink(model, to) {
    const matrices = Object.fromEntries(
      Object.entries(model.matrices).map(([name, m]) => [name, shrinkCsr(m, to.newCode, to.nItems, to.k)]),
    );
    return new CovisModel(matrices, shrinkPopular(model.popular, to.newCode, to.nItems), model.scoring);
  },
  neighbourEntries: (model) => Object.values(model.matrices).reduce((sum, m) => sum + m.indices.length, 0),
  popular: (model) => model.popular,
};
