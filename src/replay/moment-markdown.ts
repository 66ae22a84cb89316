import { count, money, pct, points, table } from "./markdown-parts.js";
import type { MomentPolicyResult, MomentReportBase } from "./moment-report.js";

/** The header every moment's report.md starts with: period, cart rules, policies, warnings. */
export function headerLines(r: MomentReportBase, title: string, policies: readonly MomentPolicyResult[]): string[] {
  return [
    `# ${title}: ${r.data}`,
    "",
    `Period ${r.since} .. ${r.until}; carts clear ${r.cartTtlHours} h after the ${r.ttlFrom === "item-added" ? "item's add" : "last cart activity"}; ${r.k} items shown.`,
    "",
    ...policies.map((p) => `- \`${p.name}\`: ${p.source}`),
    "",
    ...r.warnings.flatMap((w) => [`> **Warning:** ${w}`, ""]),
  ];
}

/** Per window: each policy's hit rates (95% interval, difference to the first) and the response model's money. */
export function hitTables(r: MomentReportBase, policies: readonly MomentPolicyResult[], what: string): string[] {
  const out: string[] = [];
  for (const w of Object.keys(policies[0]?.hits ?? {})) {
    out.push(
      "",
      `## Window ${w}`,
      "",
      `Relevance: ${what}, 95% interval; difference to ${policies[0].name}. Orders and revenue from the response model (below).`,
      "",
      table(
        [
          "policy",
          "carted or bought",
          "bought",
          "orders (assumed response)",
          "incremental orders (assumed)",
          "incremental revenue (assumed)",
          "share of period revenue",
        ],
        policies.map((p) => {
          const h = p.hits[w];
          const d = h.cartedOrBought.vsBaseline;
          const l = p.lift[w];
          return [
            `\`${p.name}\``,
            `${pct(h.cartedOrBought.rate)} [${pct(h.cartedOrBought.low)}, ${pct(h.cartedOrBought.high)}]${d ? ` (${points(d.diff)})` : ""}`,
            pct(h.bought.rate),
            l.orders.toFixed(1),
            l.incrementalOrders.toFixed(1),
            money(l.incrementalRevenue),
            pct(l.shareOfPeriodRevenue),
          ];
        }),
      ),
    );
  }
  if (policies.length > 0) out.push("", `**Validity:** ${r.comparison.note} ${r.comparison.recommendation}`);
  return out;
}

/** The response model's formula, its assumptions and where they come from, and the sensitivity table. */
export function responseLines(r: MomentReportBase, policies: readonly MomentPolicyResult[], organic: string): string[] {
  const a = r.assumptions;
  const opened = a.openRate === undefined ? "" : ` x ${pct(a.openRate)} (opened)`;
  const out = [
    "",
    "## Response model and its assumptions",
    "",
    `Impressions = moments${opened}; clicks = that x ${pct(a.engagementRate)} (engagement${a.openRate === undefined ? "" : " per open"}); orders = clicks x ${pct(a.clickToOrder)} (click to order); incremental = orders x (1 - ${organic}); revenue = orders x the mean price of the shown items. ${a.source.charAt(0).toUpperCase()}${a.source.slice(1)}.`,
  ];
  const first = Object.keys(policies[0]?.lift ?? {})[0];
  if (first)
    out.push(
      "",
      `Sensitivity of incremental orders (window ${first}; clicks per impression / click to order):`,
      "",
      table(
        [
          "policy",
          ...policies[0].lift[first].sensitivity.map((s) => `${pct(s.engagementRate)} / ${pct(s.clickToOrder)}`),
        ],
        policies.map((p) => [`\`${p.name}\``, ...p.lift[first].sensitivity.map((s) => s.incrementalOrders.toFixed(1))]),
      ),
    );
  return out;
}

export { count };
