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

/** `--by segment`: computed by the caller (the segments of each triggered user at its first moment). */
export const SEGMENT_BREAKDOWN = "segment";

/**
 * Labels of each triggered user (by index) for one dimension of a caller-computed breakdown, with the labels' report
 * order. A user may carry several labels (intent segments overlap): it then counts in each of their groups.
 */
export interface LabelledDimension {
  name: string;
  order: readonly string[];
  labels: readonly (readonly string[])[];
}

/** Throws a usage error (exit 2) for a breakdown that does not exist. */
export function checkBreakdown(by: string): void {
  if (by in BREAKDOWNS || by === SEGMENT_BREAKDOWN) return;
  throw new UsageError(
    `--by ${by}: no such breakdown; available: ${[...Object.keys(BREAKDOWNS), SEGMENT_BREAKDOWN].join(", ")}`,
  );
}

/** The primary metric compared within each group of a built-in breakdown, Holm-adjusted over every group and arm. */
export function breakdownGroups(
  by: string,
  e: ExperimentConfig,
  o: UserOutcomes,
  units: ArmUnits,
  control: number,
): ExperimentReadReport["breakdowns"][number] {
  checkBreakdown(by);
  const { labels, of } = BREAKDOWNS[by];
  return compareGroups(
    by,
    labels.map((label, g) => ({ label, member: (x: number) => of(o, x) === g })),
    e,
    o,
    units,
    control,
  );
}

/** The same for one dimension of caller-computed labels (the segments); groups no user is in are left out. */
export function labelledGroups(
  d: LabelledDimension,
  e: ExperimentConfig,
  o: UserOutcomes,
  units: ArmUnits,
  control: number,
): ExperimentReadReport["breakdowns"][number] {
  const present = new Set(d.labels.flat());
  const groups = d.order
    .filter((label) => present.has(label))
    .map((label) => ({ label, member: (x: number) => d.labels[x].includes(label) }));
  return compareGroups(d.name, groups, e, o, units, control);
}

function compareGroups(
  by: string,
  groupsOf: { label: string; member: (x: number) => boolean }[],
  e: ExperimentConfig,
  o: UserOutcomes,
  units: ArmUnits,
  control: number,
): ExperimentReadReport["breakdowns"][number] {
  const m = o.metrics[e.metric];
  const groups = groupsOf.map(({ label, member }) => {
    const sub = units.map((u) => u.filter(member));
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
