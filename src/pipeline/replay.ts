import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import { UsageError } from "../errors.js";
import { readDataset } from "../io/read-dataset.js";
import { pairedBootstrap } from "../stats/bootstrap.js";
import { buildModel } from "../evaluation/build-model.js";
import { resolveCut } from "../evaluation/cut.js";
import { parseModelSpec } from "./model-spec.js";
import { momentOutcome, type AttributionWindow } from "../replay/attribution.js";
import { emptyCartMoments, type TtlFrom } from "../moments/empty-cart-moments.js";
import { CASE_STUDY, liftEstimate, type ResponseAssumptions } from "../replay/response-model.js";
import { offPolicy } from "../replay/off-policy.js";
import { offPolicyVerdict } from "../replay/off-policy-verdict.js";
import { NO_WIDGET_VALIDITY } from "../replay/validity-note.js";
import { readExposures } from "../io/read-exposures.js";
import { policySlate } from "../replay/policy-slate.js";
import type { PolicyResult, RateWithInterval, ReplayReport } from "../replay/replay-report.js";
import { checkReplayReportOut, writeReplayReport } from "./write-reports.js";
import { commitPoint } from "../data/yield-point.js";
import { replayWarnings } from "../replay/replay-warnings.js";

export type { PolicyResult, RateWithInterval, ReplayReport } from "../replay/replay-report.js";
import type { Breakdown } from "../evaluation/eval-report.js";
import { segmentBreakdowns, segmentLabels } from "./segment-labels.js";

export interface ReplayOptions {
  data: string;
  /** How the report names the dataset (default: `data`). */
  dataLabel?: string;
  /** Policies: model specs as in evaluate (history, covis, blends, model files); the first is the baseline. */
  policies: string[];
  /** Start of the replay period (default: the middle of the data's span); models see only events before it. */
  since?: number;
  k: number;
  ttlMs: number;
  /** Carts clear `ttlMs` after the last cart activity (default), or each item that long after it was added. */
  ttlFrom?: TtlFrom;
  windows: AttributionWindow[];
  /** History events before a moment given to a policy. */
  maxHistory: number;
  assumptions: ResponseAssumptions;
  seed: number;
  resamples: number;
  level: number;
  threads?: number;
  /** A logged widget's exposures (CSV: ts, user, item, propensity, click, order): adds off-policy estimates. */
  exposures?: string;
  /** Write report.md and report.json here. */
  reportDir?: string;
  /** Extra breakdowns: "segment" breaks the hit rates and money figures down by the user's segment at the moment. */
  by?: string[];
  onPhase?: (label: string) => void;
}

/**
 * `cartlift replay empty-cart`: finds the empty-cart moments of the replay period, asks each policy
 * (trained on the events before the period: nothing later can leak in) for its top k from the user's
 * history before each moment, and measures what the user did next within each attribution window.
 */
export async function replayEmptyCart(o: ReplayOptions): Promise<ReplayReport> {
  const started = performance.now();
  if (o.policies.length === 0)
    throw new UsageError("replay needs at least one --policy", "e.g. --policy history covis");
  if (!(Number.isInteger(o.k) && o.k >= 1))
    throw new UsageError(`--k must be a whole number of at least 1, got ${o.k}`);
  if (o.reportDir) checkReplayReportOut(o.reportDir); // before the work: a refused folder costs nothing
  o.onPhase?.(`loading ${o.data}`);
  const { table: t } = readDataset(o.data);
  const since = resolveCut(t, { cut: o.since, testShare: 0.5 });
  const { moments: all, orphanRemoves, orphanPurchases } = emptyCartMoments(t, o.ttlMs, o.ttlFrom);
  const moments = all.filter((m) => t.ts[m.event] >= since);
  const userGroup = new Map<number, number>();
  const groupOf = Int32Array.from(
    moments,
    (m) => userGroup.get(m.user) ?? userGroup.set(m.user, userGroup.size).size - 1,
  );
  // without moments there is nothing to attribute (the report still gives the counts)
  const windows = moments.length > 0 ? o.windows : [];
  const outcomes = windows.map((w) => moments.map((m) => momentOutcome(t, m.event, w)));
  const lastPrice = lastKnownPrices(t);
  const period = periodRevenue(t, since);
  const read = o.exposures ? readExposures(o.exposures, t) : null;
  // off-policy estimates judge the period only: earlier views' outcomes lie inside the policies' training window
  const logged = read ? { ...read, slates: read.slates.filter((s) => s.ts >= since) } : null;
  const loggedGroups = logged ? userGroups(logged.slates.map((s) => s.user)) : null;
  const policies: {
    name: string;
    source: string;
    trainSeconds: number;
    shown: Int32Array[];
    meanShownPrice: number;
    offPolicy?: PolicyResult["offPolicy"];
  }[] = [];
  const specs = o.policies.map((p) => parseModelSpec(p, "--policy")); // checked even when there is nothing to replay
  // a period without moments is an answer too (short logs, or carts that are always bought): nothing to replay
  for (const spec of moments.length > 0 || logged ? specs : []) {
    o.onPhase?.(`training ${spec.name}`);
    const t0 = performance.now();
    const { model } = await buildModel(spec, t, since, o.threads);
    const trainSeconds = (performance.now() - t0) / 1000;
    o.onPhase?.(`replaying ${spec.name} at ${moments.length} moments`);
    let priced = 0,
      priceSum = 0;
    const slateAt = (user: number, event: number, now: number) =>
      policySlate(model, t, { user, event, now }, o.k, o.maxHistory);
    const shown = moments.map((m) => {
      const items = slateAt(m.user, m.event, t.ts[m.event]);
      for (const i of items) {
        if (!(lastPrice[i] > 0)) continue;
        priced++;
        priceSum += lastPrice[i];
      }
      return items;
    });
    let offPolicyResult: PolicyResult["offPolicy"];
    if (logged && loggedGroups) {
      const newSlates = logged.slates.map((s) => slateAt(s.user, s.event, s.ts));
      const boot = { resamples: o.resamples, level: o.level, seed: o.seed };
      const clicks = offPolicy(logged.slates, newSlates, "click", loggedGroups.groupOf, loggedGroups.groups, boot);
      offPolicyResult = {
        clicks,
        orders: offPolicy(logged.slates, newSlates, "order", loggedGroups.groupOf, loggedGroups.groups, boot),
        verdict: offPolicyVerdict(clicks),
      };
    }
    const source =
      "file" in spec
        ? `model file ${spec.file}, trained up to its --until (at or before the period start)`
        : `trained on the events before ${new Date(since).toISOString()}`;
    policies.push({
      name: spec.name,
      source,
      trainSeconds,
      shown,
      meanShownPrice: priced ? priceSum / priced : 0,
      offPolicy: offPolicyResult,
    });
  }
  o.onPhase?.(`bootstrap (${o.resamples} resamples)`);
  const results: PolicyResult[] = policies.map((p) => ({
    name: p.name,
    source: p.source,
    trainSeconds: round(p.trainSeconds),
    hits: {},
    meanShownPrice: round(p.meanShownPrice),
    ...(p.offPolicy ? { offPolicy: p.offPolicy } : {}),
    lift: {},
  }));
  const labels = o.by?.includes("segment")
    ? segmentLabels(
        t,
        Int32Array.from(moments, (m) => m.user),
        Float64Array.from(moments, (m) => t.ts[m.event]),
        since,
      )
    : null;
  const bySegment: Record<string, Breakdown[]> = {};
  windows.forEach((w, wi) => {
    const series: Float64Array[] = [];
    for (const p of policies) {
      series.push(
        Float64Array.from(moments, (_, x) =>
          p.shown[x].some((i) => outcomes[wi][x].carted.has(i) || outcomes[wi][x].bought.has(i)) ? 1 : 0,
        ),
      );
      series.push(
        Float64Array.from(moments, (_, x) => (p.shown[x].some((i) => outcomes[wi][x].bought.has(i)) ? 1 : 0)),
      );
    }
    const pairs = policies.slice(1).flatMap(
      (_, q) =>
        [
          [2 * (q + 1), 0],
          [2 * (q + 1) + 1, 1],
        ] as [number, number][],
    );
    const boot = pairedBootstrap(series, groupOf, userGroup.size, {
      resamples: o.resamples,
      level: o.level,
      seed: o.seed,
      pairs,
    });
    if (labels) {
      const keyed = series.map((values, x) => ({
        key: `${policies[x >> 1].name} ${x % 2 === 0 ? "cartedOrBought" : "bought"}`,
        values,
      }));
      bySegment[w.label] = segmentBreakdowns(labels, keyed, groupOf, o).map((b) => ({
        ...b,
        buckets: b.buckets.map((bucket) => {
          const money = policies.map((p) => {
            const organic = bucket.values[`${p.name} bought`];
            const e = liftEstimate(bucket.cases, organic, p.meanShownPrice, o.assumptions);
            return [`${p.name} incrementalRevenue`, round(e.incrementalRevenue)];
          });
          return { ...bucket, values: { ...bucket.values, ...Object.fromEntries(money) } };
        }),
      }));
    }
    const rateOf = (s: number, q: number): RateWithInterval => {
      const rate = mean(series[s]);
      const out: RateWithInterval = { rate, low: boot.means[s].low, high: boot.means[s].high };
      if (q > 0) {
        const d = boot.differences[2 * (q - 1) + (s % 2)];
        out.vsBaseline = {
          diff: rate - mean(series[s % 2]),
          low: d.low,
          high: d.high,
          significant: d.low > 0 || d.high < 0,
        };
      }
      return out;
    };
    results.forEach((r, q) => {
      r.hits[w.label] = { cartedOrBought: rateOf(2 * q, q), bought: rateOf(2 * q + 1, q) };
      const organic = mean(series[2 * q + 1]);
      const estimate = liftEstimate(moments.length, organic, policies[q].meanShownPrice, o.assumptions);
      r.lift[w.label] = {
        ...estimate,
        shareOfPeriodRevenue: period.revenue > 0 ? estimate.revenue / period.revenue : 0,
        sensitivity: SENSITIVITY.map((a) => {
          const e = liftEstimate(moments.length, organic, policies[q].meanShownPrice, a);
          return { ...a, incrementalOrders: e.incrementalOrders, incrementalRevenue: e.incrementalRevenue };
        }),
      };
    });
  });
  const report: ReplayReport = {
    data: o.dataLabel ?? o.data,
    since: new Date(since).toISOString(),
    until: new Date(maxTs(t)).toISOString(),
    k: o.k,
    cartTtlHours: o.ttlMs / 3_600_000,
    ttlFrom: o.ttlFrom ?? "last-activity",
    moments: {
      moments: moments.length,
      users: userGroup.size,
      momentsPerUser: userGroup.size > 0 ? moments.length / userGroup.size : 0,
      expiredItems: moments.reduce((s, m) => s + m.expired.length, 0),
      expiredValue: round(moments.reduce((s, m) => s + m.expiredValue, 0)),
      momentsBeforePeriod: all.length - moments.length,
      orphanRemoves,
      orphanPurchases,
      outcomes: Object.fromEntries(
        windows.map((w, wi) => [
          w.label,
          {
            expiredItemRate: share(moments, (m, x) =>
              m.expired.some((i) => outcomes[wi][x].carted.has(i) || outcomes[wi][x].bought.has(i)),
            ),
            anyRate: share(moments, (_, x) => outcomes[wi][x].any),
          },
        ]),
      ),
    },
    period,
    warnings: replayWarnings({
      moments: moments.length,
      users: userGroup.size,
      momentsBeforePeriod: all.length - moments.length,
      cartAdds: countKind(t.kind, EventKind.cart_add),
      cartTtlHours: o.ttlMs / 3_600_000,
      windows: windows.map((w) => w.label),
    }),
    assumptions: o.assumptions,
    policies: results,
    comparison: { identifiable: false, ...NO_WIDGET_VALIDITY },
    ...(labels ? { bySegment } : {}),
    ...(logged
      ? {
          exposures: {
            file: o.exposures!,
            rows: logged.rows,
            views: logged.slates.length,
            viewsBeforePeriod: read!.slates.length - logged.slates.length,
            skippedUnknown: logged.skippedUnknown,
          },
        }
      : {}),
    seconds: round((performance.now() - started) / 1000),
  };
  await commitPoint(); // an interrupt during the last stretch of work stops here, before anything is written
  if (o.reportDir) writeReplayReport(o.reportDir, report);
  return report;
}

/** Bootstrap groups: one per user. */
function userGroups(users: readonly number[]): { groupOf: Int32Array; groups: number } {
  const index = new Map<number, number>();
  const groupOf = Int32Array.from(users, (u) => index.get(u) ?? index.set(u, index.size).size - 1);
  return { groupOf, groups: index.size };
}

/** The assumption grid of every sensitivity table. */
const SENSITIVITY: ResponseAssumptions[] = [0.01, CASE_STUDY.engagementRate, 0.05].flatMap((engagementRate) =>
  [0.15, CASE_STUDY.clickToOrder, 0.4].map((clickToOrder) => ({ engagementRate, clickToOrder })),
);

/** Each item's last price seen in the data (NaN-free; 0 when never priced). */
function lastKnownPrices(t: EventTable): Float64Array {
  const price = new Float64Array(t.dicts.item.size);
  const at = new Float64Array(t.dicts.item.size).fill(-Infinity);
  for (let i = 0; i < t.length; i++) {
    const p = t.price[i];
    if (p > 0 && t.ts[i] >= at[t.item[i]]) {
      at[t.item[i]] = t.ts[i];
      price[t.item[i]] = p;
    }
  }
  return price;
}

/** Orders and purchase revenue (price x quantity) in the replay period. */
function periodRevenue(t: EventTable, since: number): { orders: number; revenue: number } {
  let revenue = 0;
  const orders = new Set<string>();
  for (let i = 0; i < t.length; i++) {
    if (t.kind[i] !== EventKind.purchase || t.ts[i] < since) continue;
    if (t.price[i] > 0) revenue += t.price[i] * Math.max(1, t.quantity[i]);
    orders.add(t.order[i] >= 0 ? `o${t.order[i]}` : `u${t.user[i]}@${t.session[i]}`);
  }
  return { orders: orders.size, revenue: round(revenue) };
}

function share<T>(xs: readonly T[], f: (x: T, i: number) => boolean): number {
  let n = 0;
  xs.forEach((x, i) => (n += f(x, i) ? 1 : 0));
  return xs.length ? n / xs.length : 0;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : 0;
}

function maxTs(t: EventTable): number {
  let m = -Infinity;
  for (let i = 0; i < t.length; i++) if (t.ts[i] > m) m = t.ts[i];
  return m;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function countKind(kind: Uint8Array, k: number): number {
  let n = 0;
  for (let i = 0; i < kind.length; i++) if (kind[i] === k) n++;
  return n;
}
