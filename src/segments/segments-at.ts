import type { EventTable } from "../data/event-table.js";
import { NO_RULES, type CompiledRules } from "./compiled-rules.js";
import { evaluateRules } from "./evaluate-rules.js";
import { scoreRfm } from "./rfm.js";
import { UserScanner } from "./scan-users.js";
import { SEGMENT_DEFAULTS, type SegmentParams } from "./segment-names.js";
import type { SegmentSnapshot } from "./snapshot.js";

/**
 * Computes every user's segments at each point in time from the events strictly before it: one scan of the
 * user-sorted table per point (the scratch arrays are shared between points).
 */
export class SegmentEngine {
  readonly scanner: UserScanner;
  readonly params: SegmentParams;

  constructor(
    readonly table: EventTable,
    readonly rules: CompiledRules = NO_RULES,
    params: Partial<SegmentParams> = {},
  ) {
    this.params = { ...SEGMENT_DEFAULTS, ...rules.params, ...params };
    this.scanner = new UserScanner(table, this.params, rules.measures);
  }

  /** `dataEnd`: the last event time; the horizon after `at` is covered when at + horizon <= dataEnd. */
  at(at: number, dataEnd: number): SegmentSnapshot {
    const s = this.scanner.scan(at, at + this.params.horizonMs <= dataEnd);
    scoreRfm(s);
    evaluateRules(this.rules, s, this.scanner.measureValues);
    return s;
  }
}

/** One point in time, with the default thresholds unless given. */
export function segmentsAt(
  table: EventTable,
  at: number,
  o: { rules?: CompiledRules; params?: Partial<SegmentParams>; dataEnd?: number } = {},
): SegmentSnapshot {
  const engine = new SegmentEngine(table, o.rules, o.params);
  return engine.at(at, o.dataEnd ?? engine.scanner.span().last);
}
