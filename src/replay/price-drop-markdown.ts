import { count, pct, points, table } from "./markdown-parts.js";
import { headerLines, hitTables, responseLines } from "./moment-markdown.js";
import { hitRateChart } from "./report-charts.js";
import { reportHtml } from "./report-html.js";
import type { PriceDropReport } from "./price-drop-report.js";

/** report.md of `cartlift replay price-drop`. */
export function priceDropMarkdown(r: PriceDropReport): string {
  const m = r.moments;
  const c = r.cadence;
  const ru = r.rules;
  const windows = Object.keys(m.outcomes);
  const out = [
    ...headerLines(r, "Price-drop replay", r.policies),
    `A drop: an event at least ${pct(ru.minDrop)} below the median price of the item's events in the ${ru.referenceWindowDays} days before it (at least ${ru.minObservations} of them); a new drop only after a price at or above ${pct(ru.restoreShare)} of the reference again.`,
    "",
    `Audience: ${r.audienceNote}.`,
    "",
    "## Who an alert would reach",
    "",
    `${count(m.drops)} drops in the period, ${count(m.dropsWithAudience)} with an audience; ${count(m.moments)} alerts to ${count(m.users)} users.`,
    "",
    table(
      ["signal", "alerts", "share", ...windows.flatMap((w) => [`bought the item (${w})`, `bought anything (${w})`])],
      Object.entries(m.bySignal).map(([s, v]) => [
        s,
        count(v.moments),
        pct(v.share),
        ...windows.flatMap((w) => [
          pct(m.outcomesBySignal[s][w].boughtDropped),
          pct(m.outcomesBySignal[s][w].boughtAnything),
        ]),
      ]),
    ),
    "",
    ...windows.map((w) => {
      const o = m.outcomes[w];
      return `- within ${w} of the drop: ${pct(o.boughtDropped.mean)} bought the dropped item [${pct(o.boughtDropped.low)}, ${pct(o.boughtDropped.high)}], ${pct(o.boughtAnything.mean)} bought anything [${pct(o.boughtAnything.low)}, ${pct(o.boughtAnything.high)}] (95% bootstrap over users)`;
    }),
    "",
    "## Reach and cadence",
    "",
    `Per week of the period: ${c.dropsPerWeek} drops, ${c.alertsPerWeek} alerts, ${c.usersWithMoreThanOneAlertPerWeek} users with more than one alert (at most ${c.maxAlertsToOneUserInAWeek} to one user in a week).`,
    "",
    table(
      ["week", "drops", "alerts", "users", "users with > 1 alert"],
      c.weeks.map((w) => [w.week, count(w.drops), count(w.alerts), count(w.users), count(w.usersWithMoreThanOneAlert)]),
    ),
    "",
    "## What drops did (observational)",
    "",
    `${r.dropEffect.design}. ${r.dropEffect.observational}`,
    "",
    table(
      [
        "signal",
        "alerts",
        "matched",
        ...windows.flatMap((w) => [`treated (${w})`, `control (${w})`, `difference (${w})`]),
      ],
      r.dropEffect.bySignal.map((e) => [
        e.signal,
        count(e.members),
        pct(e.matchRate),
        ...windows.flatMap((w) => {
          const x = e.windows[w];
          return x
            ? [pct(x.treated), pct(x.control), `${points(x.difference)} [${points(x.low)}, ${points(x.high)}]`]
            : [];
        }),
      ]),
    ),
    "",
    "Balance before the drop (matched pairs, treated / control): days since the signal, events in the 14 days before, share who bought anything in them.",
    "",
    table(
      ["signal", "days since signal", "events before", "bought anything before"],
      r.dropEffect.bySignal.map((e) => [
        e.signal,
        `${e.balance.daysSinceSignal.treated} / ${e.balance.daysSinceSignal.control}`,
        `${e.balance.eventsBefore.treated} / ${e.balance.eventsBefore.control}`,
        `${pct(e.balance.boughtAnythingBefore.treated)} / ${pct(e.balance.boughtAnythingBefore.control)}`,
      ]),
    ),
    ...hitTables(r, r.policies, "alerts where a shown item was carted or bought within the window"),
    ...responseLines(r, r.policies, "the bought rate"),
  ];
  return out.join("\n") + "\n";
}

/** report.md and report.json, wall times left out: the same input and seed give the same bytes. */
export function priceDropReportFiles(report: PriceDropReport): Record<string, string> {
  const { seconds: _s, ...rest } = report;
  const stable = { ...rest, policies: report.policies.map(({ trainSeconds: _t, ...p }) => p) } as PriceDropReport;
  const markdown = priceDropMarkdown(stable);
  const charts = hitRateChart(stable.policies, "Shown item bought after the alert (95% interval)");
  return {
    "report.md": markdown,
    "report.html": reportHtml(`price-drop replay: ${stable.data}`, markdown, charts),
    "report.json": JSON.stringify(stable, null, 2) + "\n",
  };
}
