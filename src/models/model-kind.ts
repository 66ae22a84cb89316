import type { SectionArray } from "../artifact/format.js";
import type { Quantize } from "../artifact/neighbour-sections.js";
import type { ScaledCsr } from "../data/csr.js";
import type { EventTable } from "../data/event-table.js";
import type { InputError } from "../errors.js";
import type { PopularModel } from "./baselines/popular.js";
import type { GivenOptions, ModelOption } from "./option-table.js";
import type { HistoryEvent, Recommendation, Recommender } from "./recommender.js";

/**
 * A model kind, declared in one place (src/models/<kind>/): its name, its option table, how it trains, the sections it
 * writes to and reads from a model file, how it shrinks for export and how it counts neighbour entries. The registry
 * (registry.ts) looks kinds up by name, and by a model's `kind`; nothing else switches on model classes.
 */
export interface ModelKind<M extends Recommender = Recommender> {
  readonly name: string;
  /** One line for help and docs. */
  readonly summary: string;
  readonly options: readonly ModelOption[];
  /**
   * The optional event columns (price, quantity, category, order) fit reads; absent: all of them. `train` leaves the
   * others unloaded (about 20 bytes an event).
   */
  readonly optionalColumns?: readonly ("price" | "quantity" | "category" | "order")[];
  /** Trains on the table's events strictly before `ctx.until`; training code is imported here, on first use. */
  fit(table: EventTable, given: GivenOptions, ctx: FitContext): Promise<FittedModel>;
  /** Adds the model's own sections (named under `out.prefix`) and returns its manifest params. */
  write(model: M, params: Record<string, unknown>, out: SectionSink): Record<string, unknown>;
  /** Rebuilds the model from its params and sections (validated: a damaged file is an InputError). */
  read(params: Record<string, unknown>, from: SectionSource): M;
  /** The model on a smaller catalogue, with at most k neighbours per item (export). */
  shrink(model: M, to: ShrinkTarget): M;
  /** Stored neighbour entries (0 for kinds without neighbour lists); `ofPart` counts a blend part's. */
  neighbourEntries(model: M, ofPart: (part: Recommender) => number): number;
  /** The popularity list the model falls back on (the file's `popular_*` sections); `ofPart`: a blend part's. */
  popular(model: M, ofPart: (part: Recommender) => PopularModel): PopularModel;
  /**
   * recommend() for many histories at once, where the kind has a faster way than one call each (item2vec on
   * TensorFlow.js): the same answers, best first, k each.
   */
  recommendMany?(
    model: M,
    histories: readonly (readonly HistoryEvent[])[],
    k: number,
    given: GivenOptions,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ answers: Recommendation[]; run: Record<string, unknown> }>;
}

export interface FitContext {
  /** Train on events strictly before this time (Infinity: all). */
  until: number;
  /** Threads for the parallel parts (default: the cores, at most 4); the model is the same for any. */
  threads?: number;
  /** A named step begins (`key` is its stable name in phase timings). */
  onPhase?: (label: string, key: string) => void;
  /** Counted progress inside a step. */
  onCount?: (done: number, total: number, label: string) => void;
  /** A line worth keeping in the log (an epoch's loss). */
  onLog?: (line: string) => void;
  /** What the events were read from (the dataset's sources): a covis state records it (`train` provides it). */
  dataset?: readonly { path: string; sha256: string }[];
  /** Trains a part of a blend (the registry provides it). */
  fitPart?: (kind: string, given: GivenOptions) => Promise<FittedModel>;
}

export interface FittedModel {
  model: Recommender;
  /** The options as trained, for the model file's manifest. */
  params: Record<string, unknown>;
  /** How it ran (not in the model file, which must not depend on the machine): the tensor backend... */
  run?: Record<string, unknown>;
  /** Called once the model file is written: what else the fit keeps (a covis state) is written then, never before. */
  commit?: () => void;
}

/** Where a kind writes its sections. */
export interface SectionSink {
  /** Prefix of every section name the model writes ("" or a blend part's "part<i>."). */
  readonly prefix: string;
  readonly quantize: Quantize;
  readonly sections: Record<string, SectionArray>;
  /** The file's shared popularity list (a part whose own list differs writes its own under its prefix). */
  readonly popular: PopularModel;
  /** Writes a blend part under its prefix; returns its params. */
  writePart(model: Recommender, params: Record<string, unknown>, prefix: string): Record<string, unknown>;
}

/** Where a kind reads its sections from, validated. */
export interface SectionSource {
  readonly prefix: string;
  readonly nItems: number;
  /** A section of the given type (marked as used), or an InputError. */
  need<T extends SectionArray>(name: string, type: new (...a: never[]) => T): T;
  /** Neighbour lists stored under `name` (any quantisation), validated against the items; marked as used. */
  neighbours(name: string): ScaledCsr;
  /** Item vectors stored under `name`, validated; null when missing or of the wrong size. */
  vectors(name: string, dim: number): Float32Array | null;
  /** The popularity list of this prefix (its own, or the file's shared one). */
  popular(): PopularModel;
  /** Reads a blend part. */
  readPart(kind: string, params: Record<string, unknown>, prefix: string): Recommender;
  /** The error for a damaged file (names the file). */
  bad(what: string): InputError;
}

/** Where a model shrinks to: new item codes (-1: dropped) and the neighbours kept per item (null: all). */
export interface ShrinkTarget {
  readonly newCode: Int32Array;
  readonly nItems: number;
  readonly k: number | null;
  shrinkPart(model: Recommender): Recommender;
}
