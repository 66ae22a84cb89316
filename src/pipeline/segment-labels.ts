import type { EventTable } from "../data/event-table.js";
import type { EvalCase } from "../evaluation/eval-case.js";
import { labelledBreakdown, type BootstrapSettings } from "../evaluation/labelled-breakdowns.js";
import type { Breakdown } from "../evaluation/eval-report.js";
import { SegmentEngine } from "../segments/segments-at.js";
import type { LabelledDimension } from "../experiment/breakdowns.js";
import { ABSENT, INTENT_SEGMENTS, LIFECYCLE_STAGES, RFM_GROUPS } from "../segments/segment-names.js";

const DAY = 86_400_000;

/** The dimensions of --by segment, with their buckets in report order. */
const DIMENSIONS = [
  { name: "lifecycle segment", order: ["absent", ...LIFECYCLE_STAGES] },
  { name: "intent segment", order: [...INTENT_SEGMENTS, "none"] },
  { name: "RFM group", order: [...RFM_GROUPS, "non-buyer"] },
];

/**
 * The segments of each (user, time): lifecycle stage, intent segments and RFM group of the user at the last day
 * boundary after `start` that is not later than the time (start, start + 1 d, ...), computed from the events strictly
 * before that point, so nothing after the time is seen. One scan of the table per day that holds times. Returns, per
 * dimension, each entry's labels.
 */
export function segmentLabels(table: EventTable, users: Int32Array, times: Float64Array, start: number): string[][][] {
  const engine = new SegmentEngine(table);
  const last = engine.scanner.span().last;
  const byPoint = new Map<number, number[]>();
  times.forEach((time, x) => {
    const k = Math.max(0, Math.floor((time - start) / DAY));
    (byPoint.get(k) ?? byPoint.set(k, []).get(k)!).push(x);
  });
  const labels: string[][][] = DIMENSIONS.map(() => new Array(users.length));
  for (const k of [...byPoint.keys()].sort((a, b) => a - b)) {
    const s = engine.at(start + k * DAY, last);
    for (const x of byPoint.get(k)!) {
      const u = users[x];
      const stage = u >= 0 ? s.lifecycle[u] : ABSENT;
      const intents = u >= 0 ? INTENT_SEGMENTS.filter((_, b) => (s.intent[u] >> b) & 1) : [];
      const group = u >= 0 ? s.rfmGroup[u] : ABSENT;
      labels[0][x] = [stage === ABSENT ? "absent" : LIFECYCLE_STAGES[stage]];
      labels[1][x] = intents.length > 0 ? intents : ["none"];
      labels[2][x] = [group === ABSENT ? "non-buyer" : RFM_GROUPS[group]];
    }
  }
  return labels;
}

/** segmentLabels of evaluation cases: the user at the case's time (its `now`, else its last history event). */
export function caseSegmentLabels(table: EventTable, cases: readonly EvalCase[], cut: number): string[][][] {
  const users = Int32Array.from(cases, (c) => c.user ?? -1);
  const times = Float64Array.from(cases, (c) => c.now ?? c.history[c.history.length - 1]?.ts ?? cut);
  return segmentLabels(table, users, times, cut);
}

/** segmentLabels as the dimensions an experiment read breaks down by (experiment/breakdowns.ts). */
export function segmentDimensions(labels: string[][][]): LabelledDimension[] {
  return DIMENSIONS.map((d, x) => ({ name: d.name, order: d.order, labels: labels[x] }));
}

/** The --by segment breakdowns of one model's per-case series. */
export function segmentBreakdowns(
  labels: string[][][],
  series: { key: string; values: Float64Array }[],
  groupOf: Int32Array,
  o: BootstrapSettings,
): Breakdown[] {
  return DIMENSIONS.map((d, x) => labelledBreakdown(d.name, labels[x], d.order, series, groupOf, o));
}
