import type { Dictionary } from "./dictionary.js";

/**
 * The dataset every model, evaluation and replay reads: equal-length typed columns sorted by user,
 * then time, then input order. Codes index the dictionaries; -1 means "absent" in optional columns.
 */
export interface EventTable {
  readonly length: number;
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
  readonly dicts: EventDictionaries;
}

export interface EventDictionaries {
  readonly user: Dictionary;
  readonly session: Dictionary;
  readonly item: Dictionary;
  readonly category: Dictionary;
  readonly order: Dictionary;
}
