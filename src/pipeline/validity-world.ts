import { pairedBootstrap } from "../stats/bootstrap.js";
import { buildModel } from "../evaluation/build-model.js";
import { resolveCut } from "../evaluation/cut.js";
import { parseModelSpec } from "./model-spec.js";
import { readDataset } from "../io/read-dataset.js";
import { readExposures } from "../io/read-exposures.js";
import { jsonLines } from "../io/json-lines.js";
import { momentOutcome } from "../replay/attribution.js";
import { emptyCartMoments } from "../moments/empty-cart-moments.js";
import { ESTIMATORS, offPolicy, offPolicySeries, type Estimate, type EstimatorName } from "../replay/off-policy.js";
import { historyBefore, policySlate } from "../replay/policy-slate.js";
import { netHit } from "../replay/estimators/net-hits.js";
import { dros } from "../replay/estimators/dros.js";
import { switchDr } from "../replay/estimators/switch-dr.js";
import { WIDGET_DEFAULTS } from "../simulate/sim-config.js";
import { loggingTruth, slateTruth } from "../simulate/truth.js";
import { momentContext, type MomentContext } from "../simulate/widget.js";
import { buildWorld } from "../simulate/world.js";
import { familyWorld, type WorldType } from "../simulate/world-family.js";
import { simulate } from "./simulate.js";
import { readWorldConfig } from "./simulate-truth.js";

/** The comparisons judged on each world: the no-widget hit rate, and the off-policy estimators with a mean form. */
export const COMPARISONS = ["hits", "novel", "unexpired", "ips", "dm", "dr", "switch", "dros"] as const;
export type Comparison = (typeof COMPARISONS)[number];
export type Call = "right" | "wrong" | "none";

export interface WorldPolicy {
  name: string;
  /** True expected clicks per moment of the period (simulate truth on the replay's own slates). */
  truth: number;
  /** True expected clicks per logged view of the period (the off-policy estimators' target). */
  truthPerView: number;
  /** Moments where the user carted or bought a shown item within 24 h (the no-widget relevance figure). */
  hitRate: number;
  /** The no-widget candidates net of what users do anyway (src/replay/estimators/net-hits.ts). */
  novelHitRate: number;
  unexpiredHitRate: number;
  overlap: number;
  support: number;
  estimates: Record<EstimatorName, Estimate>;
  bounds: Estimate;
  /** The reward model's value on the unsupported items, per view (DR's model-uncertainty term is a multiple of it). */
  unsupportedModel: number;
}

export interface WorldResult {
  type: WorldType;
  seed: number;
  moments: number;
  /** Moments the detector finds that the simulator did not record (left out; 0 on the family). */
  unmatchedMoments: number;
  views: number;
  /** The logging policy's true clicks per view (the world's engagement), and its click-to-order rate. */
  engagement: number;
  clickToOrder: number;
  policies: WorldPolicy[];
  /** Pairs of policies whose true values differ by at least 10%: what each comparison called. */
  pairs: { a: string; b: string; relativeDifference: number; calls: Record<Comparison, Call> }[];
}

/**
 * One world of the validity family (docs/replay.md): simulate it, replay the policies at its empty-cart moments of
 * the second half (trained on the first), and set every figure replay would show next to the truth of the very
 * slates replay computed.
 */
export async function validityWorld(o: {
  type: WorldType;
  seed: number;
  dir: string;
  policies: string[];
  users?: number;
  resamples?: number;
  /** The off-policy reward model: the contextual one (default, as replay uses it) or the item rates alone. */
  rewardModel?: "contextual" | "item";
}): Promise<WorldResult> {
  const { config, widget } = familyWorld(o.type, o.seed);
  const report = await simulate({ out: o.dir, config: { ...config, ...(o.users ? { users: o.users } : {}) }, widget });
  const cfg = readWorldConfig(report.files.world);
  const w = { ...WIDGET_DEFAULTS, ...cfg.widget };
  const world = buildWorld(cfg);
  const { table: t } = readDataset(o.dir);
  const since = resolveCut(t, { testShare: 0.5 });
  const recorded = new Map<string, { user: number; context: MomentContext; candidates: number[] }>();
  const code = (id: string) => Number(id.slice(1));
  for await (const { value } of jsonLines(report.files.moments!)) {
    const m = value as unknown as {
      id: string;
      userIndex: number;
      expired: string[];
      candidates: string[];
      history: { item: string }[];
    };
    recorded.set(m.id, {
      user: m.userIndex,
      candidates: m.candidates.map(code),
      context: momentContext(
        m.expired.map(code),
        m.history.map((h) => ({ item: code(h.item) })),
      ),
    });
  }
  const at = (user: number, ts: number) => recorded.get(`${t.dicts.user.get(user)}@${new Date(ts).toISOString()}`)!;
  const isRecorded = (user: number, ts: number) => at(user, ts) !== undefined;
  const worldItem = (i: number) => code(t.dicts.item.get(i));
  // the detector and the simulator find the same moments (test/moments/buy-now-clock.test.ts has the case where they
  // once differed); any moment without a recorded truth would be left out and counted
  const detected = emptyCartMoments(t, cfg.cartTtlMs).moments.filter((m) => t.ts[m.event] >= since);
  const moments = detected.filter((m) => isRecorded(m.user, t.ts[m.event]));
  const window = { kind: "duration" as const, ms: 86_400_000, label: "24h" };
  const outcomes = moments.map((m) => momentOutcome(t, m.event, window));
  const views = readExposures(report.files.exposures!, t).slates.filter((s) => s.ts >= since);
  const momentGroups = groupsOf(moments.map((m) => m.user));
  const viewGroups = groupsOf(views.map((s) => s.user));
  const boot = { resamples: o.resamples ?? 400, level: 0.95, seed: o.seed };
  let engagement = 0;
  for (const s of views) engagement += loggingTruth(world, w, at(s.user, s.ts)).clicks;
  engagement /= Math.max(1, views.length);

  const policies: WorldPolicy[] = [];
  const hitSeries: Float64Array[] = [];
  const netSeries: Record<"novel" | "unexpired", Float64Array[]> = { novel: [], unexpired: [] };
  const seenAt = moments.map((m) => new Set(historyBefore(t, m.user, m.event, 50).map((h) => h.item)));
  const opeSeries: Record<"ips" | "dm" | "dr" | "switch" | "dros", Float64Array[]> = {
    ips: [],
    dm: [],
    dr: [],
    switch: [],
    dros: [],
  };
  for (const name of o.policies) {
    const { model } = await buildModel(parseModelSpec(name), t, since, 1);
    let truth = 0;
    const novel = new Float64Array(moments.length),
      unexpired = new Float64Array(moments.length);
    const hits = Float64Array.from(moments, (m, x) => {
      const slate = policySlate(model, t, { user: m.user, event: m.event, now: t.ts[m.event] }, w.k, 50);
      const r = at(m.user, t.ts[m.event]);
      truth += slateTruth(world, w, r.user, Array.from(slate, worldItem), r.context).clicks;
      novel[x] = netHit(slate, outcomes[x], seenAt[x]);
      unexpired[x] = netHit(slate, outcomes[x], m.expired);
      return netHit(slate, outcomes[x], []);
    });
    netSeries.novel.push(novel);
    netSeries.unexpired.push(unexpired);
    let truthPerView = 0;
    const newSlates = views.map((s) => {
      const slate = policySlate(model, t, { user: s.user, event: s.event, now: s.ts }, w.k, 50);
      const r = at(s.user, s.ts);
      truthPerView += slateTruth(world, w, r.user, Array.from(slate, worldItem), r.context).clicks;
      return slate;
    });
    const table = o.rewardModel === "item" ? undefined : t;
    const ope = offPolicy(views, newSlates, "click", viewGroups.groupOf, viewGroups.groups, { ...boot, table });
    const series = offPolicySeries(views, newSlates, "click", table);
    hitSeries.push(hits);
    opeSeries.ips.push(series.ips);
    opeSeries.dm.push(series.dm);
    opeSeries.dr.push(series.dr);
    opeSeries.switch.push(switchDr(series.dm, series.items).series);
    opeSeries.dros.push(dros(series.dm, series.items).series);
    policies.push({
      name,
      truth: truth / Math.max(1, moments.length),
      truthPerView: truthPerView / Math.max(1, views.length),
      hitRate: mean(hits),
      novelHitRate: mean(novel),
      unexpiredHitRate: mean(unexpired),
      overlap: ope.overlap,
      support: ope.support,
      estimates: ope.estimates,
      bounds: ope.bounds,
      unsupportedModel: ope.unsupportedModel,
    });
  }

  const pairs: WorldResult["pairs"] = [];
  const index: [number, number][] = [];
  for (let a = 0; a < policies.length; a++) for (let b = a + 1; b < policies.length; b++) index.push([a, b]);
  const differences = (series: Float64Array[], g: { groupOf: Int32Array; groups: number }) =>
    pairedBootstrap(series, g.groupOf, g.groups, { ...boot, pairs: index }).differences;
  const hitDiffs = differences(hitSeries, momentGroups);
  const novelDiffs = differences(netSeries.novel, momentGroups);
  const unexpiredDiffs = differences(netSeries.unexpired, momentGroups);
  const opeDiffs = {
    ips: differences(opeSeries.ips, viewGroups),
    dm: differences(opeSeries.dm, viewGroups),
    dr: differences(opeSeries.dr, viewGroups),
    switch: differences(opeSeries.switch, viewGroups),
    dros: differences(opeSeries.dros, viewGroups),
  };
  index.forEach(([a, b], q) => {
    const pa = policies[a],
      pb = policies[b];
    const relativeDifference = Math.abs(pa.truth - pb.truth) / Math.max(pa.truth, pb.truth, 1e-12);
    if (relativeDifference < 0.1) return;
    const call = (d: { low: number; high: number }, truthDiff: number): Call =>
      d.low > 0 || d.high < 0 ? (d.low > 0 === truthDiff > 0 ? "right" : "wrong") : "none";
    pairs.push({
      a: pa.name,
      b: pb.name,
      relativeDifference,
      calls: {
        hits: call(hitDiffs[q], pa.truth - pb.truth),
        novel: call(novelDiffs[q], pa.truth - pb.truth),
        unexpired: call(unexpiredDiffs[q], pa.truth - pb.truth),
        ips: call(opeDiffs.ips[q], pa.truthPerView - pb.truthPerView),
        dm: call(opeDiffs.dm[q], pa.truthPerView - pb.truthPerView),
        dr: call(opeDiffs.dr[q], pa.truthPerView - pb.truthPerView),
        switch: call(opeDiffs.switch[q], pa.truthPerView - pb.truthPerView),
        dros: call(opeDiffs.dros[q], pa.truthPerView - pb.truthPerView),
      },
    });
  });
  return {
    type: o.type,
    seed: o.seed,
    moments: moments.length,
    unmatchedMoments: detected.length - moments.length,
    views: views.length,
    engagement,
    clickToOrder: w.orderRate,
    policies,
    pairs,
  };
}

export { ESTIMATORS };

function groupsOf(users: readonly number[]): { groupOf: Int32Array; groups: number } {
  const index = new Map<number, number>();
  const groupOf = Int32Array.from(users, (u) => index.get(u) ?? index.set(u, index.size).size - 1);
  return { groupOf, groups: index.size };
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : 0;
}
