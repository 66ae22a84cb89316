import { EventKind } from "../data/event-kind.js";
import { commitPoint } from "../data/yield-point.js";
import { MOMENT_KINDS } from "../moments/registry.js";
import type { AddToCartReport, MeanWithInterval } from "../replay/moment-report.js";
import { momentWarnings } from "../replay/moment-warnings.js";
import { countKind, maxTs, mean, round, share } from "../replay/period-figures.js";
import { NO_WIDGET_VALIDITY } from "../replay/validity-note.js";
import { windowOutcome } from "../replay/window-outcome.js";
import { windowRates } from "../replay/window-rates.js";
import { pairedBootstrap } from "../stats/bootstrap.js";
import { replayBase } from "./replay-core.js";
import type { ReplayOptions } from "./replay-options.js";
import { writeMomentReport } from "./write-reports.js";

/** Where the add-to-cart response model's default rates come from: nowhere published. */
export const ADD_TO_CART_SOURCE =
  "assumed: no published figure exists for an add-to-cart widget's engagement or click-to-order rate; these are " +
  "round placeholders (--engagement, --click-to-order) to replace with the shop's own";

/**
 * `cartlift replay add-to-cart`: at every cart_add of the period each policy shows its top k, seeded with the added
 * item, the rest of the cart and the history before it, never an item in the cart; what the user carted and bought
 * after the add, per window, says which suggestions would have been taken, and whether as complements (the added
 * item bought too) or alternatives (bought instead).
 */
export async function replayAddToCart(o: ReplayOptions): Promise<AddToCartReport> {
  const started = performance.now();
  const kind = MOMENT_KINDS["add-to-cart"];
  const b = await replayBase(o, kind);
  const { t, moments, at } = b;
  const windows = moments.length > 0 ? o.windows : [];
  o.onPhase?.(`outcomes and bootstrap (${o.resamples} resamples)`);
  const outcomes = windows.map((w) => at.map((m) => windowOutcome(t, m.event, m.outcomeFrom, w)));
  const boot = { resamples: o.resamples, level: o.level, seed: o.seed };
  const policies: AddToCartReport["policies"] = b.policies.map((p) => ({
    name: p.name,
    source: p.source,
    trainSeconds: round(p.trainSeconds),
    hits: {},
    meanShownPrice: round(p.meanShownPrice),
    lift: {},
    basketValueAdded: {},
    complements: {},
  }));
  windows.forEach((w, wi) => {
    const out = outcomes[wi];
    const series = b.policies.flatMap((p) => [
      Float64Array.from(p.shown, (s, x) => (s.some((i) => out[x].carted.has(i) || out[x].bought.has(i)) ? 1 : 0)),
      Float64Array.from(p.shown, (s, x) => (s.some((i) => out[x].bought.has(i)) ? 1 : 0)),
    ]);
    const rates = windowRates(series, b.policies, b.groupOf, b.groups, b.period.revenue, { ...boot, ...o });
    const values = b.policies.map((p) =>
      Float64Array.from(p.shown, (s, x) => s.reduce((v, i) => v + (out[x].value.get(i) ?? 0), 0)),
    );
    const valueBoot = pairedBootstrap(values, b.groupOf, b.groups, { ...boot, pairs: [] });
    policies.forEach((r, q) => {
      r.hits[w.label] = rates[q].hits;
      r.lift[w.label] = rates[q].lift;
      const v: MeanWithInterval = {
        mean: round(mean(values[q])),
        low: round(valueBoot.means[q].low),
        high: round(valueBoot.means[q].high),
      };
      r.basketValueAdded[w.label] = v;
      let boughtHits = 0;
      let together = 0;
      b.policies[q].shown.forEach((s, x) => {
        if (!s.some((i) => out[x].bought.has(i))) return;
        boughtHits++;
        if (out[x].bought.has(moments[x].item)) together++;
      });
      r.complements[w.label] = {
        boughtHits,
        complementShare: boughtHits ? together / boughtHits : 0,
        alternativeShare: boughtHits ? 1 - together / boughtHits : 0,
      };
    });
  });
  const report: AddToCartReport = {
    moment: "add-to-cart",
    data: o.dataLabel ?? o.data,
    since: new Date(b.since).toISOString(),
    until: new Date(maxTs(t)).toISOString(),
    k: o.k,
    cartTtlHours: o.ttlMs / 3_600_000,
    ttlFrom: o.ttlFrom ?? "last-activity",
    moments: {
      moments: moments.length,
      users: b.groups,
      momentsPerUser: b.groups > 0 ? moments.length / b.groups : 0,
      addedValue: round(moments.reduce((s, m) => s + m.value, 0)),
      cartsCreated: moments.filter((m) => m.opensCart).length,
      momentsBeforePeriod: b.all.length - moments.length,
      orphanRemoves: b.orphanRemoves,
      orphanPurchases: b.orphanPurchases,
      outcomes: Object.fromEntries(
        windows.map((w, wi) => [
          w.label,
          {
            anyCartedRate: share(outcomes[wi], (x) => x.carted.size > 0),
            anyBoughtRate: share(outcomes[wi], (x) => x.bought.size > 0),
            addedItemBoughtRate: share(outcomes[wi], (x, i) => x.bought.has(moments[i].item)),
          },
        ]),
      ),
    },
    period: b.period,
    warnings: momentWarnings({
      moment: kind.name,
      moments: moments.length,
      users: b.groups,
      momentsBeforePeriod: b.all.length - moments.length,
      cartAdds: countKind(t.kind, EventKind.cart_add),
      windows: windows.map((w) => w.label),
    }),
    assumptions: { ...o.assumptions, source: ADD_TO_CART_SOURCE },
    policies,
    comparison: { identifiable: false, ...NO_WIDGET_VALIDITY },
    seconds: round((performance.now() - started) / 1000),
  };
  await commitPoint();
  if (o.reportDir) writeMomentReport(o.reportDir, report);
  return report;
}
