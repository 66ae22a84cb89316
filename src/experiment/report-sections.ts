import type { ArmComparison, ExperimentReadReport, Interval } from "./experiment-report.js";

/** A report section: a title, paragraphs, and an optional table, rendered to Markdown and HTML alike. */
export interface Section {
  title: string;
  paragraphs: string[];
  table?: { head: string[]; rows: string[][] };
}

const num = (x: number, d = 4) =>
  Number.isFinite(x) ? String(Number(x.toPrecision(d))) : x > 0 ? "inf" : x < 0 ? "-inf" : "n/a";
const signed = (x: number, d = 4) => (x > 0 ? "+" : "") + num(x, d);
const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : "n/a");
const iv = (i: Interval, f: (x: number) => string = num) => `[${f(i[0])}, ${f(i[1])}]`;
const p = (x: number) => (Number.isNaN(x) ? "n/a" : x < 1e-4 ? x.toExponential(1) : x.toFixed(4));

function comparisonRows(
  metric: string,
  means: Record<string, number>,
  cs: ArmComparison[],
  control: string,
): string[][] {
  return cs.map((c) => [
    metric,
    c.arm,
    `${num(means[control])} -> ${num(means[c.arm])}`,
    `${signed(c.difference)} ${iv(c.interval)}`,
    `${pct(c.relative)} ${iv(c.relativeInterval, pct)}`,
    `${p(c.p)}${c.pHolm !== c.p ? ` (Holm ${p(c.pHolm)})` : ""}`,
    c.test,
    c.cuped
      ? `${signed(c.cuped.difference)} ${iv(c.cuped.interval)}, p ${p(c.cuped.p)}, rho ${num(c.cuped.correlation, 2)}`
      : "-",
  ]);
}

/** The sections of a read, in the order the terminal, Markdown and HTML reports print them. */
export function reportSections(r: ExperimentReadReport): Section[] {
  const e = r.experiment;
  const out: Section[] = [{ title: "Decision", paragraphs: [r.decision.summary] }];
  out.push({
    title: "Checks before results",
    paragraphs: [
      `${r.triggered.total} users reached the ${e.moment} moment between ${e.start} and ${e.end} (${Object.entries(
        r.triggered.byArm,
      )
        .map(([a, n]) => `${a} ${n}`)
        .join(
          ", ",
        )}; assignment by ${e.assignment === "hash" ? "the experiment's hash" : "the assignments file"})${r.triggered.exposed === null ? "" : `; ${r.triggered.exposed} of them were exposed`}.`,
      `Sample ratio test against ${e.split.join("/")}: chi-square ${num(r.srm.chiSquare)} on ${r.srm.df} df, p = ${p(r.srm.p)}: ${r.srm.failed ? `FAILED at ${r.srm.level} - the numbers below are shown but should not be trusted` : `passed at ${r.srm.level}`}.`,
      `Pre-period balance of ${r.balance.metric}: ${Object.entries(r.balance.means)
        .map(([a, m]) => `${a} ${num(m)}`)
        .join(", ")} (Welch p ${r.balance.p.map(p).join(", ") || "n/a"}).`,
    ],
  });
  out.push({
    title: "Results (95% intervals; fixed horizon: valid at the planned end)",
    paragraphs: [
      "Methods: conversion by the two-proportion comparison (p from the pooled z test, interval by Newcombe's hybrid " +
        "score method, which holds its level with a few conversions per arm); per-user means by Welch's t test; " +
        "relative differences by the delta method. The decision calls a change significant only when p is below " +
        "alpha and the interval of the difference excludes 0.",
    ],
    table: {
      head: ["metric", "arm", "control -> arm", "difference", "relative", "p", "test", "CUPED difference"],
      rows: r.metrics.flatMap((m) =>
        comparisonRows(m.metric + (m.primary ? " (primary)" : ""), m.means, m.comparisons, e.control),
      ),
    },
  });
  out.push({
    title: "Safe to read before the planned end (always valid)",
    paragraphs: r.sequential.map(
      (s) =>
        `${s.arm}: always-valid p = ${p(s.p)}, confidence sequence ${iv(s.interval)} for the ${e.metric} difference (${s.method}, tau^2 ${num(s.tau2, 3)}): ${s.significant ? "significant - safe to act on however often the experiment was read" : "not significant yet"}.`,
    ),
  });
  out.push({
    title: "Incremental orders and revenue",
    paragraphs: r.incremental.map(
      (x) =>
        `${x.arm}: ${signed(x.orders, 3)} orders ${iv(x.ordersInterval)} and ${signed(x.revenue, 3)} revenue ${iv(x.revenueInterval)} over the experiment; projected to a quarter at ${num(x.weeklyTriggeredUsers, 3)} triggered users a week, all treated: ${signed(x.quarterOrders, 3)} orders ${iv(x.quarterOrdersInterval)}, ${signed(x.quarterRevenue, 3)} revenue ${iv(x.quarterRevenueInterval)} (assumed: the same traffic and effect per user).`,
    ),
  });
  for (const [arm, s] of Object.entries(r.series))
    out.push({
      title: `${arm} vs ${e.control} over time (${e.metric}, cumulative)`,
      paragraphs: [],
      table: {
        head: [
          "day",
          "users",
          "difference",
          "95% interval (fixed)",
          "p (fixed)",
          "always-valid interval",
          "always-valid p",
        ],
        rows: s.map((d) => [
          d.day,
          Object.values(d.users).join(" / "),
          signed(d.difference),
          iv(d.interval),
          p(d.p),
          iv(d.alwaysValidInterval),
          p(d.alwaysValidP),
        ]),
      },
    });
  for (const b of r.breakdowns)
    out.push({
      title: `By ${b.by}`,
      paragraphs: [`Caveat: ${b.caveat}.`],
      table: {
        head: ["group", "users", "arm", "difference", "relative", "p (Holm)"],
        rows: b.groups.flatMap((g) =>
          g.comparisons.map((c) => [
            g.label,
            Object.values(g.users).join(" / "),
            c.arm,
            `${signed(c.difference)} ${iv(c.interval)}`,
            pct(c.relative),
            `${p(c.p)} (${p(c.pHolm)})`,
          ]),
        ),
      },
    });
  if (r.notes.length > 0) out.push({ title: "Notes", paragraphs: r.notes });
  return out;
}
