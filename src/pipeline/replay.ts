import { EventKind } from "../data/event-kind.js";
import { UsageError } from "../errors.js";
import { readDataset } from "../io/read-dataset.js";
import { buildModel } from "../evaluation/build-model.js";
import { resolveCut } from "../evaluation/cut.js";
import { parseModelSpec } from "./model-spec.js";
import { momentOutcome } from "../replay/attribution.js";
import { emptyCartMoments } from "../moments/empty-cart-moments.js";
import { liftEstimate } from "../replay/response-model.js";
import { offPolicy } from "../replay/off-policy.js";
import { offPolicyVerdict } from "../replay/off-policy-verdict.js";
import { NO_WIDGET_VALIDITY } from "../replay/validity-note.js";
import { readExposures } from "../io/read-exposures.js";
import { policySlate } from "../replay/policy-slate.js";
import type { PolicyResult, ReplayReport } from "../replay/replay-report.js";
import { checkReplayReportOut, writeReplayReport } from "./write-reports.js";
import { commitPoint } from "../data/yield-point.js";
import { replayWarnings } from "../replay/replay-warnings.js";

export type { PolicyResult, RateWithInterval, ReplayReport } from "../replay/replay-report.js";
import type { Breakdown } from "../evaluation/eval-report.js";
import { segmentBreakdowns, segmentLabels } from "./segment-labels.js";
import type { ReplayOptions } from "./replay-options.js";
import {
  countKind,
  lastKnownPrices,
  maxTs,
  periodRevenue,
  round,
  share,
  userGroups,
} from "../replay/period-figures.js";
import { windowRates } from "../replay/window-rates.js";

export type { ReplayOptions } from "./replay-options.js";

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
      const boot = { resamples: o.resamples, level: o.level, seed: o.seed, table: t };
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
    const rates = windowRates(series, policies, groupOf, userGroup.size, period.revenue, o);
    results.forEach((r, q) => {
      r.hits[w.label] = rates[q].hits;
      r.lift[w.label] = rates[q].lift;
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
