import type { EventTable } from "../data/event-table.js";
import { UsageError } from "../errors.js";
import { resolveCut } from "../evaluation/cut.js";
import { readDataset } from "../io/read-dataset.js";
import type { Detected, MomentKind, ReplayMoment } from "../moments/moment-kind.js";
import { lastKnownPrices, periodRevenue, userGroups } from "../replay/period-figures.js";
import { parseModelSpec } from "./model-spec.js";
import type { ReplayOptions } from "./replay-options.js";
import { replayPolicy, slatesAt } from "./replay-policies.js";
import { checkReplayReportOut } from "./write-reports.js";

/** A policy replayed at every moment of the period. */
export interface ReplayedPolicy {
  name: string;
  source: string;
  trainSeconds: number;
  /** Per moment: the items shown. */
  shown: Int32Array[];
  meanShownPrice: number;
}

/** What every moment's replay starts from: the moments of the period and each policy's slates at them. */
export interface ReplayBase<M, D extends Detected<M> = Detected<M>> {
  /** What the detector returned (every moment, before the period too). */
  found: D;
  t: EventTable;
  since: number;
  /** Every moment the detector found, and those in the period. */
  all: M[];
  moments: M[];
  at: ReplayMoment[];
  groupOf: Int32Array;
  groups: number;
  period: { orders: number; revenue: number };
  lastPrice: Float64Array;
  orphanRemoves: number;
  orphanPurchases: number;
  policies: ReplayedPolicy[];
}

/**
 * The shared start of `cartlift replay <moment>`: checks the options and the report folder before any work, reads
 * the dataset, finds the kind's moments in the period (from --since, default the middle of the data), builds each
 * policy on the events before the period (a model file trained later is refused) and asks it for its top k at each
 * moment, seeded and filtered as the kind says.
 */
export async function replayBase<M, D extends Detected<M>>(
  o: ReplayOptions,
  kind: MomentKind<M, D>,
): Promise<ReplayBase<M, D>> {
  if (o.policies.length === 0)
    throw new UsageError("replay needs at least one --policy", "e.g. --policy history covis");
  if (!(Number.isInteger(o.k) && o.k >= 1))
    throw new UsageError(`--k must be a whole number of at least 1, got ${o.k}`);
  if (o.reportDir) checkReplayReportOut(o.reportDir);
  const specs = o.policies.map((p) => parseModelSpec(p, "--policy"));
  o.onPhase?.(`loading ${o.data}`);
  const { table: t } = readDataset(o.data);
  const since = resolveCut(t, { cut: o.since, testShare: 0.5 });
  o.onPhase?.(`finding ${kind.name} moments`);
  const found = kind.detect(t, { ttlMs: o.ttlMs, ttlFrom: o.ttlFrom ?? "last-activity" });
  const moments = found.moments.filter((m) => t.ts[kind.rowOf(m)] >= since);
  const at = moments.map((m) => kind.replayMoment(t, m));
  const { groupOf, groups } = userGroups(at.map((m) => m.user));
  const lastPrice = lastKnownPrices(t);
  const policies: ReplayedPolicy[] = [];
  for (const spec of specs) {
    // a model file is always checked against the period (trained after it: refused), moments or not
    if (moments.length === 0 && !("file" in spec)) continue;
    o.onPhase?.(`training ${spec.name}`);
    const p = await replayPolicy(spec, t, since, o.threads);
    if (moments.length === 0) continue;
    o.onPhase?.(`replaying ${spec.name} at ${moments.length} moments`);
    const { shown, meanShownPrice } = slatesAt(p.model, t, at, o.k, o.maxHistory, lastPrice);
    policies.push({ name: p.name, source: p.source, trainSeconds: p.trainSeconds, shown, meanShownPrice });
  }
  return {
    found,
    t,
    since,
    all: found.moments,
    moments,
    at,
    groupOf,
    groups,
    period: periodRevenue(t, since),
    lastPrice,
    orphanRemoves: found.orphanRemoves,
    orphanPurchases: found.orphanPurchases,
    policies,
  };
}
