import type { ReplayReport } from "../pipeline/replay.js";
import { SEGMENT_NOTE, segmentTables } from "../pipeline/vocabulary.js";
import type { AbandonedCartReport, AddToCartReport, MomentReport } from "../pipeline/replay-moment.js";
import { fixed, int, pct, table } from "./format.js";

/** The terminal summary of an add-to-cart or abandoned-cart replay (--json and --report carry everything). */
export function formatMomentReplay(r: MomentReport): string {
  const out = r.moment === "add-to-cart" ? addToCartLines(r) : abandonedCartLines(r);
  for (const w of r.warnings) out.push("", `warning: ${w}`);
  for (const w of Object.keys(r.policies[0]?.hits ?? {})) {
    out.push("", `Window ${w}: relevance, moments where the user carted or bought a shown item (95% interval)`);
    out.push(
      table(
        r.policies.map((p) => {
          const h = p.hits[w];
          const l = p.lift[w];
          const d = h.cartedOrBought.vsBaseline;
          return [
            p.name,
            `${pct(h.cartedOrBought.rate, 2)} [${pct(h.cartedOrBought.low, 2)}, ${pct(h.cartedOrBought.high, 2)}]${d ? ` ${d.diff >= 0 ? "+" : ""}${fixed(d.diff * 100, 2)} pp` : ""}`,
            pct(h.bought.rate, 2),
            ...(r.moment === "add-to-cart"
              ? [pct(r.policies.find((x) => x.name === p.name)!.complements[w].complementShare, 1)]
              : []),
            fixed(l.incrementalOrders, 1),
            fixed(l.incrementalRevenue, 2),
          ];
        }),
        [
          "policy",
          "carted or bought",
          "bought",
          ...(r.moment === "add-to-cart" ? ["complements of bought hits"] : []),
          "incremental orders (assumed)",
          "incr. revenue (assumed)",
        ],
      ),
    );
  }
  if (r.policies.length > 0) out.push("", `Validity: ${r.comparison.note}`, r.comparison.recommendation);
  out.push("", ...r.policies.map((p) => `${p.name}: ${p.source}`));
  out.push("", `Response model: ${r.assumptions.source}.`);
  return out.join("\n");
}

function addToCartLines(r: AddToCartReport): string[] {
  const m = r.moments;
  const out = [
    `Add-to-cart moments ${r.since} .. ${r.until}: ${int(m.moments)} cart adds of ${int(m.users)} users (${fixed(m.momentsPerUser, 2)} per user), value added ${fixed(m.addedValue, 2)}, ${int(m.cartsCreated)} carts created`,
    `  logs: ${int(m.orphanRemoves)} removes and ${int(m.orphanPurchases)} purchases of items not in the cart; ${int(m.momentsBeforePeriod)} moments before the period`,
  ];
  if (m.moments > 0)
    out.push(
      "",
      table(
        Object.entries(m.outcomes).map(([w, o]) => [
          w,
          pct(o.anyCartedRate, 2),
          pct(o.anyBoughtRate, 2),
          pct(o.addedItemBoughtRate, 2),
        ]),
        ["window", "anything else carted", "anything bought", "added item bought"],
      ),
    );
  return out;
}

function abandonedCartLines(r: AbandonedCartReport): string[] {
  const m = r.moments;
  const h = (x: number | null) => (x === null ? "not reached" : `${fixed(x, 1)} h`);
  const out = [
    `Abandoned carts ${r.since} .. ${r.until} (cart TTL ${r.cartTtlHours} h): ${int(m.cartsCreated)} carts created, ${int(m.cartsAbandoned)} abandoned (${pct(m.abandonmentRate, 1)}); ${int(m.moments)} abandonments by ${int(m.users)} users, value at risk ${fixed(m.valueAtRisk, 2)}`,
    `  lifecycle: ${Object.entries(m.byLifecycle)
      .map(([l, v]) => `${l} ${pct(v.share, 1)}`)
      .join(", ")}`,
  ];
  if (m.moments > 0) {
    out.push(
      "",
      "Natural recovery (Kaplan-Meier from the abandonment; 95% intervals):",
      table(
        Object.entries(r.recovery).map(([e, c]) => [
          e,
          `${h(c.medianHours.value)} [${h(c.medianHours.low)}, ${h(c.medianHours.high)}]`,
          ...c.shareBy.map((s) => (s.share === null ? "-" : pct(s.share, 1))),
        ]),
        ["return", "median", ...(r.recovery.nextVisit?.shareBy ?? []).map((s) => `by ${s.hours} h`)],
      ),
      "",
      "Timing:",
      table(
        r.timing.rows.map((t) => [
          `${t.delayHours} h`,
          t.notYetBack === null ? "-" : pct(t.notYetBack, 1),
          t.boughtOnTheirOwnLater === null ? "-" : pct(t.boughtOnTheirOwnLater, 1),
        ]),
        ["delay", "not yet back (reachable)", "of them bought an abandoned item on their own"],
      ),
      r.timing.note,
    );
  }
  return out;
}

/** The terminal summary of an empty-cart replay. */
export function formatReplay(r: ReplayReport): string {
  const m = r.moments;
  const f4 = (x: number) => fixed(x, 4);
  const out = [
    `Empty-cart moments ${r.since} .. ${r.until} (cart TTL ${r.cartTtlHours} h from the ${r.ttlFrom === "item-added" ? "item's add" : "last cart activity"}): ${int(m.moments)} moments of ${int(m.users)} users (${fixed(m.momentsPerUser, 2)} per user), ${int(m.expiredItems)} expired items worth ${fixed(m.expiredValue, 2)}`,
    `  logs: ${int(m.orphanRemoves)} removes and ${int(m.orphanPurchases)} purchases of items not in the cart; ${int(m.momentsBeforePeriod)} moments before the period`,
    `  period: ${int(r.period.orders)} orders, revenue ${fixed(r.period.revenue, 2)}`,
  ];
  if (m.moments > 0)
    out.push(
      "",
      table(
        Object.entries(m.outcomes).map(([w, o]) => [w, pct(o.expiredItemRate, 2), pct(o.anyRate, 2)]),
        ["window", "expired item carted or bought", "anything carted or bought"],
      ),
    );
  for (const w of r.warnings) out.push("", `warning: ${w}`);
  for (const w of Object.keys(m.outcomes)) {
    out.push(
      "",
      `Window ${w}: relevance, moments where the user carted or bought a shown item (95% interval; difference to ${r.policies[0].name})`,
    );
    out.push(
      table(
        r.policies.map((p) => {
          const h = p.hits[w];
          const diff = (x: typeof h.bought) =>
            x.vsBaseline ? ` ${x.vsBaseline.diff >= 0 ? "+" : ""}${fixed(x.vsBaseline.diff * 100, 2)} pp` : "";
          const l = p.lift[w];
          return [
            p.name,
            `${pct(h.cartedOrBought.rate, 2)} [${pct(h.cartedOrBought.low, 2)}, ${pct(h.cartedOrBought.high, 2)}]${diff(h.cartedOrBought)}`,
            `${pct(h.bought.rate, 2)}${diff(h.bought)}`,
            `${fixed(l.orders, 1)} [${fixed(l.range.orders.low, 1)}, ${fixed(l.range.orders.high, 1)}]`,
            fixed(l.incrementalOrders, 1),
            `${fixed(l.incrementalRevenue, 2)} [${fixed(l.range.incrementalRevenue.low, 2)}, ${fixed(l.range.incrementalRevenue.high, 2)}]`,
            pct(l.shareOfPeriodRevenue, 2),
          ];
        }),
        [
          "policy",
          "carted or bought",
          "bought",
          "orders (assumed response)",
          "incremental (assumed)",
          "incr. revenue (assumed)",
          "of period revenue",
        ],
      ),
    );
  }
  if (m.moments > 0) out.push("", `Validity: ${r.comparison.note}`, r.comparison.recommendation);
  const bySegment = segmentTables(r);
  if (bySegment.length > 0) out.push("", `By segment. ${SEGMENT_NOTE}`);
  for (const t of bySegment) out.push("", `${t.name}, window ${t.window}:`, table(t.rows, t.header));
  out.push("", ...r.policies.map((p) => `${p.name}: ${p.source}`));
  if (r.exposures) {
    out.push(
      "",
      `Off-policy, from the ${int(r.exposures.views)} logged widget views of the period (${r.exposures.file}; ${int(r.exposures.viewsBeforePeriod)} earlier views left out: their outcomes lie in the policies' training window): expected clicks per view, 95% interval`,
    );
    const e = (x: { value: number; low: number; high: number }) => `${f4(x.value)} [${f4(x.low)}, ${f4(x.high)}]`;
    const range = (x: { low: number; high: number }) => `[${f4(x.low)}, ${f4(x.high)}]`;
    out.push(
      table(
        r.policies.map((p) => {
          const { clicks: c, verdict } = p.offPolicy!;
          const shown = verdict.shown
            ? [e(c.estimates.ips), e(c.estimates.snips), e(c.estimates.dr), e(c.liftOverLogging)]
            : ["withheld", "withheld", "withheld", "withheld"];
          const term = verdict.modelTerm.interval;
          const model = term ? e(term) : "withheld";
          return [p.name, e(c.logging), ...shown, model, range(c.bounds), pct(c.support, 0), pct(c.overlap, 1)];
        }),
        [
          "policy",
          "logging policy",
          "IPS",
          "SNIPS",
          "DR",
          "DR - logging",
          "DR + model term",
          "bounds",
          "support",
          "overlap",
        ],
      ),
    );
    for (const p of r.policies) {
      const v = p.offPolicy!.verdict;
      if (!v.shown) out.push(`  ${p.name}: estimates withheld: ${v.reason}.`);
      out.push(`  ${p.name}: DR + model term ${v.modelTerm.interval ? "" : "withheld: "}${v.modelTerm.reason}.`);
    }
    out.push(
      "  bounds: at least the supported items' clicks (IPS), at most that plus every unsupported item at the highest logged item rate (an assumption). DM (the reward model alone) is in --json only: its interval leaves out the model's error.",
    );
  }
  out.push(
    "",
    `Orders and revenue assume ${pct(r.assumptions.engagementRate, 2)} of impressions clicked and ${pct(r.assumptions.clickToOrder, 0)} of clicks ordering (the published case's figures, not this shop's); --json has a sensitivity table per policy.`,
  );
  return out.join("\n");
}
