import { EventKind } from "../data/event-kind.js";
import { commitPoint } from "../data/yield-point.js";
import { MOMENT_KINDS } from "../moments/registry.js";
import type { AbandonedCartReport } from "../replay/moment-report.js";
import { momentWarnings } from "../replay/moment-warnings.js";
import { followUp, RECOVERY_EVENTS, recoveryCurve, timingTable } from "../replay/natural-recovery.js";
import { countKind, maxTs, round, share } from "../replay/period-figures.js";
import { NO_WIDGET_VALIDITY } from "../replay/validity-note.js";
import { windowOutcome } from "../replay/window-outcome.js";
import { windowRates } from "../replay/window-rates.js";
import { replayBase } from "./replay-core.js";
import type { ReplayOptions } from "./replay-options.js";
import { writeMomentReport } from "./write-reports.js";

const H = 3_600_000;
export const DEFAULT_DELAYS_MS = [0.5 * H, H, 4 * H, 24 * H, 72 * H];

export const REMINDER_SOURCE =
  "assumed: no published figure exists for this shop's cart reminders; the open, click-per-open and click-to-order " +
  "rates are round placeholders (--open-rate, --engagement, --click-to-order) to replace with the shop's own";

export const TIMING_NOTE =
  "A log cannot tell which delay causes more purchases: it shows who had not come back yet at each delay and how many " +
  "of them bought anyway, not what a reminder would have changed. Randomised field experiments found reminders 30-60 " +
  "minutes after abandonment lowered purchases compared with no reminder, while reminders after one to three days " +
  "raised them (Li, Luo, Lu and Moriguchi, Journal of Marketing 85(4), 2021). To learn the shop's own best delay, " +
  "randomise it: cartlift experiment plan.";

/**
 * `cartlift replay abandoned-cart`: the period's abandonments (docs/replay-abandoned-cart.md) with their audience
 * figures, natural recovery as Kaplan-Meier curves, the timing table, and what each policy's reminder would have
 * shown, measured on the user's return.
 */
export async function replayAbandonedCart(o: ReplayOptions): Promise<AbandonedCartReport> {
  const started = performance.now();
  const kind = MOMENT_KINDS["abandoned-cart"];
  const b = await replayBase(o, kind);
  const { t, moments, at } = b;
  const end = maxTs(t);
  const windows = moments.length > 0 ? o.windows : [];
  o.onPhase?.("natural recovery");
  const f = followUp(t, moments, end);
  // outcomes on the return: the return's session, or a duration from the return
  const outcomes = windows.map((w) => at.map((m) => windowOutcome(t, Math.max(m.outcomeFrom, 0), m.outcomeFrom, w)));
  const recovered = outcomes.map((out) =>
    Float64Array.from(moments, (m, x) => (m.items.some((i) => out[x].bought.has(i)) ? 1 : 0)),
  );
  const openRate = o.assumptions.openRate ?? 1;
  const perReminder = { ...o.assumptions, engagementRate: openRate * o.assumptions.engagementRate };
  const policies: AbandonedCartReport["policies"] = b.policies.map((p) => ({
    name: p.name,
    source: p.source,
    trainSeconds: round(p.trainSeconds),
    hits: {},
    meanShownPrice: round(p.meanShownPrice),
    lift: {},
  }));
  o.onPhase?.(`bootstrap (${o.resamples} resamples)`);
  windows.forEach((w, wi) => {
    const out = outcomes[wi];
    const series = b.policies.flatMap((p) => [
      Float64Array.from(p.shown, (s, x) => (s.some((i) => out[x].carted.has(i) || out[x].bought.has(i)) ? 1 : 0)),
      Float64Array.from(p.shown, (s, x) => (s.some((i) => out[x].bought.has(i)) ? 1 : 0)),
    ]);
    const rates = windowRates(series, b.policies, b.groupOf, b.groups, b.period.revenue, {
      ...o,
      assumptions: perReminder,
      organicShare: mean(recovered[wi]),
    });
    policies.forEach((r, q) => {
      r.hits[w.label] = rates[q].hits;
      r.lift[w.label] = rates[q].lift;
    });
  });
  const createdInPeriod = new Set<number>();
  const created = countSince(b.found.cartCreatedAt, b.since, createdInPeriod);
  const lastValue = new Map<number, number>();
  for (const m of moments) lastValue.set(m.cart, m.value);
  const abandonedCreated = [...lastValue.keys()].filter((c) => createdInPeriod.has(c)).length;
  const lifecycles = ["never bought", "bought once", "bought repeatedly"];
  const report: AbandonedCartReport = {
    moment: "abandoned-cart",
    data: o.dataLabel ?? o.data,
    since: new Date(b.since).toISOString(),
    until: new Date(end).toISOString(),
    k: o.k,
    cartTtlHours: o.ttlMs / H,
    ttlFrom: o.ttlFrom ?? "last-activity",
    moments: {
      moments: moments.length,
      users: b.groups,
      momentsPerUser: b.groups > 0 ? moments.length / b.groups : 0,
      cartsCreated: created,
      cartsAbandoned: abandonedCreated,
      abandonmentRate: created > 0 ? abandonedCreated / created : 0,
      valueAtRisk: round([...lastValue.values()].reduce((s, v) => s + v, 0)),
      abandonedItems: moments.reduce((s, m) => s + m.items.length, 0),
      byLifecycle: Object.fromEntries(
        lifecycles.map((l) => {
          const n = moments.filter((m) => m.lifecycle === l).length;
          return [l, { moments: n, share: moments.length ? n / moments.length : 0 }];
        }),
      ),
      momentsBeforePeriod: b.all.length - moments.length,
      orphanRemoves: b.orphanRemoves,
      orphanPurchases: b.orphanPurchases,
      returnedRate: share(at, (m) => m.outcomeFrom >= 0),
      outcomes: Object.fromEntries(windows.map((w, wi) => [w.label, { naturalRecoveryRate: mean(recovered[wi]) }])),
    },
    recovery:
      moments.length > 0
        ? Object.fromEntries(RECOVERY_EVENTS.map((e) => [e, recoveryCurve(f.time[e], f.happened[e])]))
        : {},
    timing: { rows: moments.length > 0 ? timingTable(f, o.delaysMs ?? DEFAULT_DELAYS_MS) : [], note: TIMING_NOTE },
    period: b.period,
    warnings: momentWarnings({
      moment: kind.name,
      moments: moments.length,
      users: b.groups,
      momentsBeforePeriod: b.all.length - moments.length,
      cartAdds: countKind(t.kind, EventKind.cart_add),
      windows: windows.map((w) => w.label),
    }),
    assumptions: { ...o.assumptions, openRate, source: REMINDER_SOURCE },
    policies,
    comparison: { identifiable: false, ...NO_WIDGET_VALIDITY },
    seconds: round((performance.now() - started) / 1000),
  };
  await commitPoint();
  if (o.reportDir) writeMomentReport(o.reportDir, report);
  return report;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : 0;
}

/** Carts created at or after `since` (their numbers go into `into`). */
function countSince(createdAt: Float64Array, since: number, into: Set<number>): number {
  createdAt.forEach((ts, c) => ts >= since && into.add(c));
  return into.size;
}
