import type { SegmentParams } from "./segment-names.js";

/**
 * A rules file after validation: plain data, no code. Conditions refer to per-user measures by slot; the scan fills the
 * slots, `evaluateRules` walks the conditions.
 */
export interface CompiledRules {
  /** Custom segment names in file order (the order of output columns and reports). */
  names: string[];
  /** Indexes into `names` in an order where every referenced segment comes first. */
  evaluationOrder: number[];
  conditions: Condition[];
  measures: Measure[];
  /** Overrides of the built-in thresholds from the file's "params". */
  params: Partial<SegmentParams>;
}

export type Measure =
  | {
      type: "count";
      /** Event kind code. */
      kind: number;
      windowMs: number;
      /** Per category code: 1 when the count is restricted to it; null for any category. */
      categories: Uint8Array | null;
      /** Per item code: 1 when the count is restricted to it; null for any item. */
      items: Uint8Array | null;
    }
  /** Time since the user's last event of `kind`; Infinity when there is none. */
  | { type: "since"; kind: number }
  | { type: "orders"; windowMs: number }
  | { type: "orderValue"; windowMs: number };

export type Condition =
  | { op: "all"; of: Condition[] }
  | { op: "any"; of: Condition[] }
  | { op: "not"; of: Condition }
  /** min <= measure <= max. */
  | { op: "measure"; slot: number; min: number; max: number }
  /** moreThanMs < measure < lessThanMs (a "since" measure: never is Infinity, more than anything). */
  | { op: "since"; slot: number; moreThanMs: number; lessThanMs: number }
  /** Bit i set: lifecycle stage i matches. */
  | { op: "lifecycle"; mask: number }
  | { op: "intent"; bit: number }
  /** Bit i set: RFM group i matches (non-buyers have no group). */
  | { op: "rfm"; mask: number }
  | { op: "custom"; index: number };

export const NO_RULES: CompiledRules = { names: [], evaluationOrder: [], conditions: [], measures: [], params: {} };
