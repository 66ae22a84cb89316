import { commitPoint } from "../data/yield-point.js";
import { UsageError } from "../errors.js";
import { resolveCut } from "../evaluation/cut.js";
import { readDataset } from "../io/read-dataset.js";
import { priceDropMoments, PRICE_DROP_DEFAULTS, type PriceDropRules } from "../moments/price-drop-moments.js";
import { alertOutcome } from "../prices/alert-outcomes.js";
import { alertSlate } from "../prices/alert-slate.js";
import { cadence } from "../prices/cadence.js";
import { dropEffects } from "../prices/drop-effects.js";
import { DAY_MS } from "../prices/drop-rules.js";
import { requirePrices } from "../prices/find-drops.js";
import { pricedRows } from "../prices/priced-rows.js";
import { BALANCE_MS, matchControls } from "../prices/match-controls.js";
import type { PriceDropReport } from "../replay/price-drop-report.js";
import { Sig, SIGNALS } from "../prices/signals.js";
import { lastKnownPrices, maxTs, mean, periodRevenue, round, userGroups } from "../replay/period-figures.js";
import { NO_WIDGET_VALIDITY } from "../replay/validity-note.js";
import { windowRatePairs, windowRates } from "../replay/window-rates.js";
import { pairedBootstraps } from "../stats/bootstrap.js";
import { parseModelSpec } from "./model-spec.js";
import type { ReplayOptions } from "./replay-options.js";
import { replayPolicy } from "./replay-policies.js";
import { writePriceDropReport } from "./write-price-drop-report.js";
import { checkReplayReportOut } from "./write-reports.js";

export const PRICE_DROP_SOURCE =
  "assumed: no published figure exists for this shop's price-drop alerts; the engagement and click-to-order rates " +
  "are round placeholders (--engagement, --click-to-order) to replace with the shop's own";

export const OBSERVATIONAL =
  "observational, not causal: the shop chose when to discount (often when demand was already falling, or before a " +
  "season), and seasons move both prices and purchases, so matched users can differ in what was not matched. Matching " +
  "removes differences in signal, category and time since the signal only; the balance rows show what remains. A " +
  "randomised alert holdout (cartlift experiment plan --moment price-drop) measures the alert's own effect.";

const DESIGN =
  "each audience member is compared with a user who had the same signal on an item of the same category whose price " +
  "did not drop then (exact on signal and category, nearest on the time since the signal, with replacement); the " +
  "outcome is buying that item within the window from the drop; intervals: Newcombe's hybrid score interval for " +
  "the difference of two proportions, each with its effective size under clustering (treated by user or drop, " +
  "controls by control user or drop)";

/**
 * `cartlift replay price-drop`: the period's price drops and their audiences (docs/prices.md), the alert each policy
 * would have built (the dropped item, the user's other fallen items, similar items), what the audience bought per
 * window, reach and cadence, and the matched comparison of "what drops did".
 */
export async function replayPriceDrop(
  o: ReplayOptions & { priceDrop?: Partial<PriceDropRules> & { controlItems?: number } },
): Promise<PriceDropReport> {
  const started = performance.now();
  const rules: PriceDropRules = { ...PRICE_DROP_DEFAULTS, ...o.priceDrop };
  const controlItems = o.priceDrop?.controlItems ?? 20;
  if (o.policies.length === 0)
    throw new UsageError("replay needs at least one --policy", "e.g. --policy popular covis");
  for (const w of o.windows)
    if (w.kind !== "duration")
      throw new UsageError(`--window ${w.label}: price-drop windows are durations from the drop`, "--window 7d,14d");
  if (o.reportDir) checkReplayReportOut(o.reportDir);
  const specs = o.policies.map((p) => parseModelSpec(p, "--policy"));
  o.onPhase?.(`loading ${o.data}`);
  const { table: t } = readDataset(o.data);
  const priced = pricedRows(t);
  requirePrices(t, priced, o.data);
  const since = resolveCut(t, { cut: o.since, testShare: 0.5 });
  o.onPhase?.("finding drops and their audiences");
  const found = priceDropMoments(t, rules, priced);
  const { drops } = found;
  const moments = found.moments.filter((m) => m.at >= since);
  const { groupOf, groups } = userGroups(moments.map((m) => m.user));
  const end = maxTs(t);
  const windows = moments.length > 0 ? o.windows : [];
  const windowMs = windows.map((w) => (w.kind === "duration" ? w.ms : 0));
  // each user's wishlisted or carted items with an open drop: what the alert shows after the dropped item
  const fallen = new Map<number, number[]>();
  found.moments.forEach((m, x) => {
    if (m.signal <= Sig.carted) (fallen.get(m.user) ?? fallen.set(m.user, []).get(m.user)!).push(x);
  });
  const alsoFallen = moments.map((m) =>
    (fallen.get(m.user) ?? [])
      .map((x) => found.moments[x])
      .filter((f) => f.item !== m.item && f.at <= m.at && drops.restoredAt[f.drop] > m.at)
      .map((f) => f.item),
  );
  const lastPrice = lastKnownPrices(t);
  const policies: {
    name: string;
    source: string;
    trainSeconds: number;
    shown: Int32Array[];
    meanShownPrice: number;
  }[] = [];
  for (const spec of specs) {
    if (moments.length === 0 && !("file" in spec)) continue;
    o.onPhase?.(`training ${spec.name}`);
    const p = await replayPolicy(spec, t, since, o.threads);
    if (moments.length === 0) continue;
    o.onPhase?.(`building ${spec.name}'s alerts at ${moments.length} moments`);
    const similar = new Map<number, Int32Array>();
    let priced = 0;
    let priceSum = 0;
    const shown = moments.map((m, x) => {
      const s = alertSlate(p.model, m.item, alsoFallen[x], o.k, similar);
      for (const i of s)
        if (lastPrice[i] > 0) {
          priced++;
          priceSum += lastPrice[i];
        }
      return s;
    });
    policies.push({ ...p, shown, meanShownPrice: priced ? priceSum / priced : 0 });
  }
  o.onPhase?.(`outcomes and bootstrap (${o.resamples} resamples)`);
  const boot = { resamples: o.resamples, level: o.level, seed: o.seed };
  const outcomes = windowMs.map((w) => moments.map((m) => alertOutcome(t, m.outcomeFrom, m.at + w)));
  const dropped = outcomes.map((out) => Float64Array.from(out, (r, x) => (r.bought.has(moments[x].item) ? 1 : 0)));
  const anything = outcomes.map((out) => Float64Array.from(out, (r) => (r.boughtAny ? 1 : 0)));
  const period = periodRevenue(t, since);
  const policyResults: PriceDropReport["policies"] = policies.map((p) => ({
    name: p.name,
    source: p.source,
    trainSeconds: round(p.trainSeconds),
    hits: {},
    meanShownPrice: round(p.meanShownPrice),
    lift: {},
  }));
  const hitSeries = outcomes.map((out) =>
    policies.flatMap((p) => [
      Float64Array.from(p.shown, (s, x) => (s.some((i) => out[x].carted.has(i) || out[x].bought.has(i)) ? 1 : 0)),
      Float64Array.from(p.shown, (s, x) => (s.some((i) => out[x].bought.has(i)) ? 1 : 0)),
    ]),
  );
  // every window's policy hits and audience outcomes share the seed and the users: one pass of draws for all of them
  // (the same bytes as a bootstrap each)
  const boots = pairedBootstraps(
    windows.flatMap((_, wi) => [
      { series: hitSeries[wi], pairs: windowRatePairs(policies.length) },
      { series: [dropped[wi], anything[wi]], pairs: [] },
    ]),
    groupOf,
    groups,
    boot,
  );
  windows.forEach((w, wi) => {
    const rates = windowRates(hitSeries[wi], policies, groupOf, groups, period.revenue, {
      ...o,
      ...boot,
      boot: boots[2 * wi],
    });
    policyResults.forEach((r, q) => {
      r.hits[w.label] = rates[q].hits;
      r.lift[w.label] = rates[q].lift;
    });
  });
  const momentOutcomes: PriceDropReport["moments"]["outcomes"] = {};
  windows.forEach((w, wi) => {
    const b = boots[2 * wi + 1];
    momentOutcomes[w.label] = {
      boughtDropped: { mean: mean(dropped[wi]), low: b.means[0].low, high: b.means[0].high },
      boughtAnything: { mean: mean(anything[wi]), low: b.means[1].low, high: b.means[1].high },
    };
  });
  const bySignal: PriceDropReport["moments"]["bySignal"] = {};
  const outcomesBySignal: PriceDropReport["moments"]["outcomesBySignal"] = {};
  SIGNALS.forEach((name, s) => {
    const xs = moments.flatMap((m, x) => (m.signal === s ? [x] : []));
    if (xs.length === 0 && (s === Sig.bought) !== found.buyers) return;
    bySignal[name] = { moments: xs.length, share: moments.length ? round(xs.length / moments.length) : 0 };
    outcomesBySignal[name] = Object.fromEntries(
      windows.map((w, wi) => [
        w.label,
        {
          boughtDropped: xs.length ? round(xs.reduce((a, x) => a + dropped[wi][x], 0) / xs.length) : 0,
          boughtAnything: xs.length ? round(xs.reduce((a, x) => a + anything[wi][x], 0) / xs.length) : 0,
        },
      ]),
    );
  });
  o.onPhase?.("matching: what drops did");
  const pairs = matchControls(
    t,
    found.byItem,
    drops,
    moments,
    found.userStart,
    {
      lookbackMs: rules.lookbackMs,
      windowsMs: windowMs,
      buyers: found.buyers,
      controlItems,
      balanceMs: BALANCE_MS,
      quietMs: rules.referenceWindowMs,
      seed: o.seed,
    },
    found.columns,
  );
  const periodDrops: number[] = [];
  for (let d = 0; d < drops.length; d++) if (drops.at[d] >= since) periodDrops.push(drops.at[d]);
  const report: PriceDropReport = {
    moment: "price-drop",
    data: o.dataLabel ?? o.data,
    since: new Date(since).toISOString(),
    until: new Date(end).toISOString(),
    k: o.k,
    cartTtlHours: o.ttlMs / 3_600_000,
    ttlFrom: o.ttlFrom ?? "last-activity",
    rules: {
      minDrop: rules.minDrop,
      referenceWindowDays: rules.referenceWindowMs / DAY_MS,
      minObservations: rules.minObservations,
      restoreShare: rules.restoreShare,
      lookbackDays: rules.lookbackMs / DAY_MS,
    },
    audienceNote: found.buyers
      ? "this log has purchases only (no views, carts or wishlists): the audience is previous buyers of the item " +
        `in the ${rules.lookbackMs / DAY_MS} days before the drop who have not bought it since`
      : `users with an event of the item in the ${rules.lookbackMs / DAY_MS} days before the drop who have not ` +
        "bought it since, by their strongest signal after their last purchase of it: wishlisted, carted, viewed",
    moments: {
      moments: moments.length,
      users: groups,
      drops: periodDrops.length,
      dropsWithAudience: new Set(moments.map((m) => m.drop)).size,
      momentsBeforePeriod: found.moments.length - moments.length,
      bySignal,
      outcomes: momentOutcomes,
      outcomesBySignal,
    },
    cadence: cadence(periodDrops, moments, since, end),
    dropEffect: {
      design: DESIGN,
      observational: OBSERVATIONAL,
      controlItemsPerDrop: controlItems,
      bySignal: dropEffects(moments, pairs, windows, { level: o.level }),
    },
    period,
    warnings: warnings(moments.length, groups, periodDrops.length, found.moments.length - moments.length),
    assumptions: { ...o.assumptions, source: PRICE_DROP_SOURCE },
    policies: policyResults,
    comparison: { identifiable: false, ...NO_WIDGET_VALIDITY },
    seconds: 0,
  };
  report.seconds = round((performance.now() - started) / 1000);
  await commitPoint();
  if (o.reportDir) writePriceDropReport(o.reportDir, report);
  return report;
}

function warnings(moments: number, users: number, drops: number, before: number): string[] {
  if (drops === 0)
    return [
      before > 0
        ? `no price drops in the period, but ${before} alerts before it: move --since earlier`
        : "no price drops in the period (cartlift prices lists the data's drops)",
    ];
  if (moments === 0) return ["the period's drops reached no one: no user had done anything with those items"];
  if (moments < 100 || users < 100)
    return [`a small sample: ${moments} alerts to ${users} users; the rates and intervals are unstable`];
  return [];
}
