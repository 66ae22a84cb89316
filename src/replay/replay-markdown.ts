import type { ReplayReport } from "./replay-report.js";
import { SEGMENT_NOTE, segmentTables } from "./segment-tables.js";

const f4 = (x: number) => x.toFixed(4);
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
/** A difference of two shares, in percentage points. */
const points = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)} pp`;
const money = (x: number) => x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const row = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
const table = (header: string[], rows: (string | number)[][]) =>
  [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");

/** report.md of `cartlift replay empty-cart --report`: the same figures as --json, for people. */
export function replayMarkdown(r: ReplayReport): string {
  const m = r.moments;
  const out = [
    `# Empty-cart replay: ${r.data}`,
    "",
    `Period ${r.since} .. ${r.until}; carts clear ${r.cartTtlHours} h after the ${r.ttlFrom === "item-added" ? "item's add" : "last cart activity"}; widget of ${r.k} items.`,
    "",
    ...r.policies.map((p) => `- \`${p.name}\`: ${p.source}`),
    "",
    ...r.warnings.flatMap((w) => [`> **Warning:** ${w}`, ""]),
    "## Moments",
    table(
      ["figure", "value"],
      [
        ["empty-cart moments", m.moments.toLocaleString("en-US")],
        ["users reached", m.users.toLocaleString("en-US")],
        ["moments per user", m.momentsPerUser.toFixed(2)],
        ["expired items (value)", `${m.expiredItems.toLocaleString("en-US")} (${money(m.expiredValue)})`],
        ["moments before the period", m.momentsBeforePeriod.toLocaleString("en-US")],
        ["removes / purchases of items not in the cart", `${m.orphanRemoves} / ${m.orphanPurchases}`],
        ["period orders (revenue)", `${r.period.orders.toLocaleString("en-US")} (${money(r.period.revenue)})`],
      ],
    ),
  ];
  if (m.moments > 0)
    out.push(
      "",
      table(
        ["window", "expired item carted or bought", "anything carted or bought"],
        Object.entries(m.outcomes).map(([w, o]) => [w, pct(o.expiredItemRate), pct(o.anyRate)]),
      ),
    );
  if (m.moments === 0) out.push("", "No empty-cart moments in the period: nothing to replay.");
  for (const w of Object.keys(m.outcomes)) {
    out.push(
      "",
      `## Window ${w}`,
      "",
      `Relevance: moments where the user carted or bought a shown item, 95% interval; difference to ${r.policies[0].name}. Orders and revenue from the response model (below).`,
      "",
    );
    out.push(
      table(
        [
          "policy",
          "carted or bought",
          "bought",
          "orders (response model's assumptions)",
          "incremental orders (assumed)",
          "incremental revenue (assumed)",
          "share of period revenue",
        ],
        r.policies.map((p) => {
          const h = p.hits[w];
          const d = h.cartedOrBought.vsBaseline;
          const l = p.lift[w];
          return [
            `\`${p.name}\``,
            `${pct(h.cartedOrBought.rate)} [${pct(h.cartedOrBought.low)}, ${pct(h.cartedOrBought.high)}]${d ? ` (${points(d.diff)})` : ""}`,
            pct(h.bought.rate),
            `${l.orders.toFixed(1)} [${l.range.orders.low.toFixed(1)}, ${l.range.orders.high.toFixed(1)}]`,
            l.incrementalOrders.toFixed(1),
            `${money(l.incrementalRevenue)} [${money(l.range.incrementalRevenue.low)}, ${money(l.range.incrementalRevenue.high)}]`,
            pct(l.shareOfPeriodRevenue),
          ];
        }),
      ),
    );
  }
  if (m.moments > 0) out.push("", `**Validity:** ${r.comparison.note} ${r.comparison.recommendation}`);
  const bySegment = segmentTables(r);
  if (bySegment.length > 0) {
    out.push("", "## By segment", "", SEGMENT_NOTE);
    for (const t of bySegment) out.push("", `### ${t.name}, window ${t.window}`, "", table(t.header, t.rows));
  }
  if (r.exposures) {
    out.push(
      "",
      "## Off-policy estimates",
      "",
      `From the ${r.exposures.views.toLocaleString("en-US")} logged widget views of the period (${r.exposures.rows.toLocaleString("en-US")} rows, ${r.exposures.skippedUnknown} with unknown ids left out; ${r.exposures.viewsBeforePeriod.toLocaleString("en-US")} views before the period left out, because their outcomes lie in the policies' training window): expected clicks per view, 95% interval.`,
      "",
    );
    const e = (x: { value: number; low: number; high: number }) => `${f4(x.value)} [${f4(x.low)}, ${f4(x.high)}]`;
    const withOpe = r.policies.filter((p) => p.offPolicy);
    out.push(
      table(
        [
          "policy",
          "logging policy",
          "replay",
          "IPS",
          "SNIPS",
          "DR",
          "DR - logging",
          "DR + model term",
          "bounds",
          "support",
          "overlap",
        ],
        withOpe.map((p) => {
          const { clicks: c, verdict } = p.offPolicy!;
          const shown = verdict.shown
            ? [c.estimates.replay, c.estimates.ips, c.estimates.snips, c.estimates.dr, c.liftOverLogging].map(e)
            : new Array(5).fill("withheld");
          return [
            `\`${p.name}\``,
            e(c.logging),
            ...shown,
            verdict.modelTerm.interval ? e(verdict.modelTerm.interval) : "withheld",
            `[${f4(c.bounds.low)}, ${f4(c.bounds.high)}]`,
            pct(c.support),
            pct(c.overlap),
          ];
        }),
      ),
      "",
      ...withOpe
        .filter((p) => !p.offPolicy!.verdict.shown)
        .map((p) => `- \`${p.name}\`: estimates withheld: ${p.offPolicy!.verdict.reason}.`),
      ...withOpe.map((p) => {
        const m = p.offPolicy!.verdict.modelTerm;
        return `- \`${p.name}\`: DR + model term ${m.interval ? "" : "withheld: "}${m.reason}.`;
      }),
      "- Bounds: at least the supported items' clicks (IPS's lower end), at most IPS's upper end plus every unsupported item at the highest logged item rate (an assumption). DM, the reward model alone, is in report.json only: its interval leaves out the model's own error.",
    );
  }
  out.push(
    "",
    "## Response model and its assumptions",
    "",
    `Impressions = moments; clicks = impressions x ${pct(r.assumptions.engagementRate)} (engagement); orders = clicks x ${pct(r.assumptions.clickToOrder)} (click to order); incremental = orders x (1 - the share of moments where a shown item was bought anyway); revenue = orders x the mean price of the shown items. The two rates are the published case's, not this shop's: read the money figures as orders of magnitude. Sensitivity of incremental orders (window ${Object.keys(m.outcomes)[0]}):`,
    "",
  );
  const first = Object.keys(m.outcomes)[0];
  if (first && r.policies.length > 0)
    out.push(
      table(
        [
          "policy",
          ...r.policies[0].lift[first].sensitivity.map((s) => `${pct(s.engagementRate)} / ${pct(s.clickToOrder)}`),
        ],
        r.policies.map((p) => [
          `\`${p.name}\``,
          ...p.lift[first].sensitivity.map((s) => s.incrementalOrders.toFixed(1)),
        ]),
      ),
    );
  return out.join("\n") + "\n";
}
