import { UsageError } from "../errors.js";
import { holm } from "../stats/holm.js";
import { compareArms, type ArmUnits } from "./compare-arms.js";
import type { ExperimentConfig } from "./experiment-config.js";
import type { ExperimentReadReport } from "./experiment-report.js";
import type { UserOutcomes } from "./user-outcomes.js";

/** The breakdowns a read can be split by: a label per triggered user. */
export const BREAKDOWNS: Record<string, { labels: [string, string]; of: (o: UserOutcomes, x: number) => number }> = {
  user: { labels: ["new", "returning"], of: (o, x) => o.returning[x] },
  "earlier-cart": { labels: ["no earlier cart", "with an earlier cart"], of: (o, x) => o.earlierCart[x] },
};

/** Throws a usage error (exit 2) for a breakdown that does not exist. */
export function checkBreakdown(by: string): void {
  if (by in BREAKDOWNS) return;
  throw new UsageError(
    `--by ${by}: no such breakdown; available: ${Object.keys(BREAKDOWNS).join(", ")}`,
    by === "segment"
      ? "behaviour segments arrive with issue 19; until then break down by user or earlier-cart"
      : undefined,
  );
}

/** The primary metric compared within each group, Holm-adjusted over every group and arm. */
export function breakdownGroups(
  by: string,
  e: ExperimentConfig,
  o: UserOutcomes,
  units: ArmUnits,
  control: number,
): ExperimentReadReport["breakdowns"][number] {
  checkBreakdown(by);
  const { labels, of } = BREAKDOWNS[by];
  const m = o.metrics[e.metric];
  const groups = labels.map((label, g) => {
    const sub = units.map((u) => u.filter((x) => of(o, x) === g));
    const users = Object.fromEntries(e.arms.map((a, k) => [a, sub[k].length]));
    const comparisons = sub.every((u) => u.length >= 2)
      ? compareArms(e.arms, control, sub, m.outcome, m.pre, e.metric === "conversion", e.alpha)
      : [];
    return { label, users, comparisons };
  });
  const all = groups.flatMap((g) => g.comparisons);
  const adjusted = holm(all.map((c) => (Number.isNaN(c.p) ? 1 : c.p)));
  all.forEach((c, i) => (c.pHolm = Number.isNaN(c.p) ? NaN : adjusted[i]));
  return {
    by,
    caveat: `${all.length} comparisons: some fall below ${e.alpha} by chance when there is no effect; read the Holm-adjusted p-values, and treat a difference between groups as a hypothesis for the next test`,
    groups,
  };
}
