import type { EvalReport, ExternalScores } from "../pipeline/vocabulary.js";
import { fixed, int, table } from "./format.js";

const f4 = (x: number) => fixed(x, 4);

/** The terminal view of an evaluation: metrics at the largest k with intervals and differences, then every k. */
export function formatEvalReport(r: EvalReport): string {
  const maxK = r.ks[r.ks.length - 1];
  const level = Math.round(r.bootstrap.level * 100);
  const out = [
    `${r.protocol} on ${r.data}: ${int(r.cases)} cases in ${int(r.groups)} groups, cut ${r.cut}`,
    "",
    `@${maxK}: mean [${level}% interval]; after the first model, its difference to it (* when the interval excludes 0)`,
    table(
      r.metrics.map((name) => {
        const key = `${name}@${maxK}`;
        return [
          key,
          ...r.models.map((m) => {
            const [lo, hi] = m.intervals[key];
            const d = m.vsBaseline?.[key];
            return `${f4(m.values[key])} [${f4(lo)}, ${f4(hi)}]${d ? ` ${d.diff >= 0 ? "+" : ""}${f4(d.diff)}${d.significant ? "*" : " "}` : ""}`;
          }),
        ];
      }),
      ["", ...r.models.map((m) => m.name)],
    ),
    "",
    table(
      r.models.flatMap((m) =>
        r.ks.map((k, j) => [j === 0 ? m.name : "", `@${k}`, ...r.metrics.map((n) => f4(m.values[`${n}@${k}`]))]),
      ),
      ["model", "k", ...r.metrics],
    ),
    "",
    table(
      r.models.map((m) => [
        m.name,
        f4(m.lists.coverage),
        fixed(m.lists.popularityPercentile, 1),
        f4(m.lists.reminderShare),
        fixed(m.trainSeconds ?? NaN, 2),
        fixed(m.recommendSeconds ?? NaN, 2),
      ]),
      ["model", `coverage@${maxK}`, "popularity pct", "reminders", "train s", "recommend s"],
    ),
  ];
  if (r.models.some((m) => m.otto))
    out.push(
      "",
      table(
        r.models
          .filter((m) => m.otto)
          .map((m) => [m.name, f4(m.otto!.clicks), f4(m.otto!.carts), f4(m.otto!.orders), f4(m.otto!.score)]),
        ["model", "clicks R@20", "carts R@20", "orders R@20", "OTTO score"],
      ),
    );
  out.push(
    "",
    `cases: ${Object.entries(r.caseStats)
      .map(([k, v]) => `${k} ${int(v)}`)
      .join(", ")}`,
  );
  for (const m of r.models)
    if (m.run?.tensorBackend) out.push(`${m.name}: neighbour search on TensorFlow.js "${String(m.run.tensorBackend)}"`);
  return out.join("\n");
}

export function formatExternalScores(s: ExternalScores): string {
  const keys = Object.keys(s).filter((k) => k.includes("@"));
  return [
    `${s.recs} against ${s.truth}: ${int(s.n)} cases (missing ${int(s.missing)}, extra ${int(s.extra)}, short lists ${int(s.short_lists)}, lists with duplicates ${int(s.lists_with_duplicates)})`,
    table([keys.map((k) => f4(s[k] as number))], keys),
  ].join("\n");
}
