import { InputError, UsageError } from "../errors.js";
import { readDataset } from "../io/read-dataset.js";
import { METRICS, MOMENTS, type MetricName } from "../experiment/experiment-config.js";
import { DAY_MS, userOutcomes } from "../experiment/user-outcomes.js";
import { firstMoments } from "../moments/first-moments.js";
import { cuped } from "../stats/cuped.js";
import { detectableEffect } from "../stats/detectable-effect.js";
import { moments } from "../stats/moments.js";
import { sampleSizePerArm } from "../stats/sample-size.js";

export interface ExperimentPlanOptions {
  data: string;
  moment: string;
  metric: string;
  /** The smallest relative change worth detecting (0.05 = 5%). */
  mde: number;
  alpha?: number;
  power?: number;
  arms?: string[];
  /** Percent per arm. */
  split?: number[];
  ttlMs?: number;
}

export interface ExperimentPlanReport {
  moment: string;
  metric: MetricName;
  arms: string[];
  split: number[];
  mde: number;
  alpha: number;
  /** alpha / (arms - 1): Holm's first step, what the smallest p-value must beat. */
  alphaPerComparison: number;
  power: number;
  /** The history the plan rests on: the dataset's last weeks, as if they were the experiment. */
  history: { from: string; to: string; users: number; preFrom: string };
  /** The metric's mean over users who reached the moment (a rate for conversion), and its variance per user. */
  baseline: number;
  variance: number;
  /** Correlation of each user's metric with its pre-period value, and the variance CUPED leaves (1 - rho^2). */
  correlation: number;
  varianceCuped: number;
  weeklyUsers: number;
  usersPerArm: number;
  usersPerArmCuped: number;
  weeks: number;
  weeksCuped: number;
  /** The relative MDE reachable with 1, 2, 4 and 8 weeks of traffic. */
  mdeByWeeks: { weeks: number; usersPerArm: number; mde: number; mdeCuped: number; extrapolated: boolean }[];
  notes: string[];
}

const WEEK = 7 * DAY_MS;

/** `cartlift experiment plan`: users per arm and weeks of traffic for an experiment, from the shop's own history. */
export function experimentPlan(o: ExperimentPlanOptions): ExperimentPlanReport {
  if (!(MOMENTS as readonly string[]).includes(o.moment))
    throw new UsageError(`--moment is one of ${MOMENTS.join(", ")}, got "${o.moment}"`);
  if (!(METRICS as readonly string[]).includes(o.metric))
    throw new UsageError(`--metric is one of ${METRICS.join(", ")}, got "${o.metric}"`);
  const metric = o.metric as MetricName;
  const arms = o.arms ?? ["control", "treatment"];
  if (arms.length < 2 || new Set(arms).size !== arms.length)
    throw new UsageError(`--arms needs at least two distinct names, got "${arms.join(",")}"`);
  const split = o.split ?? arms.map(() => 100 / arms.length);
  if (split.length !== arms.length) throw new UsageError(`--split has ${split.length} parts for ${arms.length} arms`);
  if (Math.abs(split.reduce((a, b) => a + b, 0) - 100) > 1e-6 || split.some((s) => !(s > 0)))
    throw new UsageError(`--split must be positive percentages summing to 100, got ${split.join("/")}`);
  const alpha = o.alpha ?? 0.05;
  const power = o.power ?? 0.8;
  if (!(o.mde > 0)) throw new UsageError(`--mde must be above 0, got ${o.mde}`);
  const { table: t } = readDataset(o.data);
  if (t.length === 0) throw new InputError("empty_dataset", `${o.data} holds no events`, { file: o.data });
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < t.length; i++) {
    lo = Math.min(lo, t.ts[i]);
    hi = Math.max(hi, t.ts[i]);
  }
  const span = Math.min(4 * WEEK, (hi + 1 - lo) / 2);
  const to = hi + 1;
  const from = to - span;
  const first = firstMoments(t, o.moment, from, to, o.ttlMs ?? 24 * 3_600_000);
  const out = userOutcomes(t, first, from, to, from - span);
  const n = out.users.length;
  if (n < 2)
    throw new InputError(
      "no_moments",
      `${o.data}: ${n} users reached the ${o.moment} moment in the last ${(span / DAY_MS).toFixed(1)} days; nothing to plan from`,
      {
        file: o.data,
        hint: "plan on a longer history, or choose a moment users reach more often (--moment any)",
      },
    );
  const m = out.metrics[metric];
  const stats = moments(m.outcome);
  const baseline = stats.mean;
  const variance = metric === "conversion" ? baseline * (1 - baseline) : stats.variance;
  const rho = cuped(m.outcome, m.pre).correlation;
  const shrink = 1 - rho * rho;
  const comparisons = arms.length - 1;
  const alphaPerComparison = alpha / comparisons;
  const delta = o.mde * baseline;
  const treated = metric === "conversion" ? Math.min(1, baseline + delta) : baseline;
  const varianceTreatment = metric === "conversion" ? treated * (1 - treated) : variance;
  const size = (k: number) =>
    sampleSizePerArm({
      delta,
      varianceControl: variance * k,
      varianceTreatment: varianceTreatment * k,
      alpha: alphaPerComparison,
      power,
    });
  if (!(baseline > 0))
    throw new InputError(
      "zero_baseline",
      `${o.data}: the ${metric} baseline is 0; a relative --mde has nothing to scale`,
      { file: o.data },
    );
  const usersPerArm = size(1);
  const usersPerArmCuped = size(shrink);
  // distinct users reaching the moment by each week of the history; beyond it, the last week's new users each week
  const weeksSeen = Math.max(1, Math.floor(span / WEEK));
  const byWeek = Array.from({ length: weeksSeen }, (_, k) => {
    const cut = from + (k + 1) * (span / weeksSeen);
    let c = 0;
    for (const f of out.first) if (f < cut) c++;
    return c;
  });
  const weekSpan = span / weeksSeen / WEEK; // weeks per step (1 unless the history is shorter than a week)
  const lastRate = (weeksSeen > 1 ? byWeek[weeksSeen - 1] - byWeek[weeksSeen - 2] : byWeek[0]) / weekSpan;
  const usersBy = (w: number): { users: number; extrapolated: boolean } => {
    const steps = Math.round(w / weekSpan);
    if (steps <= weeksSeen && Math.abs(w / weekSpan - steps) < 0.01)
      return { users: byWeek[steps - 1], extrapolated: false };
    return { users: byWeek[weeksSeen - 1] + (w - weeksSeen * weekSpan) * lastRate, extrapolated: true };
  };
  const minShare = Math.min(...split) / 100;
  const weeksFor = (perArm: number) => {
    for (let w = 1; w <= 520; w++) if (usersBy(w).users * minShare >= perArm) return w;
    return Infinity;
  };
  const mdeByWeeks = [1, 2, 4, 8].map((w) => {
    const { users, extrapolated } = usersBy(w);
    const perArm = Math.floor(users * minShare);
    const mde = detectableEffect(perArm, (variance + varianceTreatment) / 2, alphaPerComparison, power) / baseline;
    return { weeks: w, usersPerArm: perArm, mde, mdeCuped: mde * Math.sqrt(shrink), extrapolated };
  });
  const notes = [
    `Rests on ${n} users who reached the moment over ${(span / DAY_MS).toFixed(1)} days (observational: the history is read as if it were the experiment, each user's window running from their first moment to the end).`,
    `Weekly users ${weeksSeen > 1 ? "after the history's last week are extrapolated at its rate of new users" : "are extrapolated from less than two weeks"}; repeat visitors make later weeks add fewer new users.`,
  ];
  if (comparisons > 1)
    notes.push(
      `${comparisons} comparisons with control: planned at alpha ${alpha}/${comparisons} (Holm's first step).`,
    );
  return {
    moment: o.moment,
    metric,
    arms,
    split,
    mde: o.mde,
    alpha,
    alphaPerComparison,
    power,
    history: {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      users: n,
      preFrom: new Date(from - span).toISOString(),
    },
    baseline,
    variance,
    correlation: rho,
    varianceCuped: variance * shrink,
    weeklyUsers: n / (span / WEEK),
    usersPerArm,
    usersPerArmCuped,
    weeks: weeksFor(usersPerArm),
    weeksCuped: weeksFor(usersPerArmCuped),
    mdeByWeeks,
    notes,
  };
}
