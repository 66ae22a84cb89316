import type { Dictionary } from "./dictionary.js";

/** The typed columns of events, one entry per event. Codes index dictionaries; -1 means "absent". */
export interface EventColumnArrays {
  readonly ts: Float64Array; // epoch ms
  readonly user: Int32Array;
  readonly session: Int32Array;
  readonly item: Int32Array;
  readonly kind: Uint8Array; // EventKind code
  /** Price per unit; NaN when unknown. Float64 since revenue sums need cents to stay exact. */
  readonly price: Float64Array;
  readonly quantity: Int32Array;
  readonly category: Int32Array;
  readonly order: Int32Array;
}

/**
 * The dataset every model, evaluation and replay reads: equal-length typed columns sorted by user,
 * then time, then input order, with the dictionaries of their codes.
 */
export interface EventTable extends EventColumnArrays {
  readonly length: number;
  readonly dicts: EventDictionaries;
}

export interface EventDictionaries {
  readonly user: Dictionary;
  readonly session: Dictionary;
  readonly item: Dictionary;
  readonly category: Dictionary;
  readonly order: Dictionary;
}
