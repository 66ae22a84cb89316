import { count, money, pct, pctOrDash, table } from "./markdown-parts.js";
import { headerLines, hitTables, responseLines } from "./moment-markdown.js";
import type { AbandonedCartReport } from "./moment-report.js";

const RECOVERY_LABELS: Record<string, string> = {
  nextVisit: "next visit",
  nextCartActivity: "next cart activity",
  abandonedItemBought: "purchase of an abandoned item",
  anyPurchase: "any purchase",
};

const trim = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
const hours = (h: number | null) => (h === null ? "not reached" : h < 48 ? `${trim(h)} h` : `${trim(h / 24)} d`);
const LIFECYCLE_LABELS: Record<string, string> = {
  "never bought": "abandonments by users who had never bought",
  "bought once": "abandonments by users who had bought once",
  "bought repeatedly": "abandonments by users who had bought repeatedly",
};

/** report.md of `cartlift replay abandoned-cart --report`: the same figures as --json, for people. */
export function abandonedCartMarkdown(r: AbandonedCartReport): string {
  const m = r.moments;
  const out = [
    ...headerLines(r, "Abandoned-cart replay", r.policies),
    "## Audience",
    table(
      ["figure", "value"],
      [
        ["carts created in the period", count(m.cartsCreated)],
        ["of them abandoned (abandonment rate)", `${count(m.cartsAbandoned)} (${pct(m.abandonmentRate)})`],
        ["abandonments (a cart left again after a return counts again)", count(m.moments)],
        ["abandoners", count(m.users)],
        ["value at risk (each cart at its last abandonment)", money(m.valueAtRisk)],
        ["abandoned items", count(m.abandonedItems)],
        ...Object.entries(m.byLifecycle).map(([l, v]) => [
          LIFECYCLE_LABELS[l] ?? l,
          `${count(v.moments)} (${pct(v.share)})`,
        ]),
        ["removes / purchases of items not in the cart", `${m.orphanRemoves} / ${m.orphanPurchases}`],
        ["abandonments before the period", count(m.momentsBeforePeriod)],
        ["period orders (revenue)", `${count(r.period.orders)} (${money(r.period.revenue)})`],
      ],
    ),
  ];
  if (m.moments === 0) out.push("", "No abandonments in the period: nothing to follow or replay.");
  else {
    out.push(
      "",
      "## Natural recovery",
      "",
      `Kaplan-Meier curves from the abandonment, censored at the end of the data, or at the cart's expiry (${r.cartTtlHours} h) when the user had not come back by then. Shares reached by each delay and the median time, 95% intervals (Greenwood).`,
      "",
      table(
        ["return", "median [95%]", ...(r.recovery.nextVisit?.shareBy ?? []).map((s) => `by ${hours(s.hours)}`)],
        Object.entries(r.recovery).map(([e, c]) => [
          RECOVERY_LABELS[e] ?? e,
          `${hours(c.medianHours.value)} [${hours(c.medianHours.low)}, ${hours(c.medianHours.high)}]`,
          ...c.shareBy.map((s) =>
            s.share === null ? "-" : `${pct(s.share)} [${pctOrDash(s.low)}, ${pctOrDash(s.high)}]`,
          ),
        ]),
      ),
      "",
      "## Timing",
      "",
      table(
        [
          "reminder delay",
          "not yet back (reachable) [95%]",
          "followed past the delay without a return",
          "of them bought an abandoned item on their own later",
        ],
        r.timing.rows.map((t) => [
          hours(t.delayHours),
          t.notYetBack === null
            ? "-"
            : `${pct(t.notYetBack)} [${pctOrDash(t.notYetBackLow)}, ${pctOrDash(t.notYetBackHigh)}]`,
          count(t.followedPastDelay),
          pctOrDash(t.boughtOnTheirOwnLater),
        ]),
      ),
      "",
      `**${r.timing.note}**`,
      "",
      `Natural recovery on the return (no reminder), per window from the return; ${pct(m.returnedRate)} of the abandonments had a return within the data:`,
      "",
      table(
        ["window", "bought an abandoned item"],
        Object.entries(m.outcomes).map(([w, o]) => [w, pct(o.naturalRecoveryRate)]),
      ),
    );
  }
  out.push(
    ...hitTables(
      r,
      r.policies,
      "abandonments where the user, on their return, carted or bought an item the reminder would have shown",
    ),
  );
  out.push(...responseLines(r, r.policies, "natural recovery: the share who bought an abandoned item anyway"));
  return out.join("\n") + "\n";
}
