import { sampleRatioTest } from "../stats/sample-ratio.js";
import { compareArms, compareRatio, type ArmUnits } from "./compare-arms.js";
import { dailySeries } from "./daily-series.js";
import { decide } from "./decide.js";
import {
  BREAKDOWNS,
  breakdownGroups,
  labelledGroups,
  SEGMENT_BREAKDOWN,
  type LabelledDimension,
} from "./breakdowns.js";
import type { ExperimentConfig, MetricName } from "./experiment-config.js";
import type { ExperimentReadReport, MetricResult } from "./experiment-report.js";
import { incrementalOutcomes } from "./incremental.js";
import { DAY_MS, type UserOutcomes } from "./user-outcomes.js";
import { moments } from "../stats/moments.js";
import { welchTest } from "../stats/welch.js";

export const SRM_LEVEL = 0.01;
/** The mixing variance of the always-valid test, as a multiple of the difference's variance at the planned sample. */
export const TAU2_FACTOR = 10;

export interface AnalyseInput {
  experiment: ExperimentConfig;
  outcomes: UserOutcomes;
  /** Arm index per triggered user (-1: in no arm, e.g. missing from an assignments file). */
  armOf: Int8Array;
  exposed: number | null;
  dataEnd: number;
  assignment: "hash" | "file";
  by: string[];
  /** With --by segment: each triggered user's segments at its first moment, per dimension (lifecycle, intent, RFM). */
  segments?: LabelledDimension[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `cartlift experiment read`'s analysis of triggered users, once their arms and outcomes are known. */
export function analyseExperiment(i: AnalyseInput): ExperimentReadReport {
  const e = i.experiment;
  const o = i.outcomes;
  const control = e.arms.indexOf(e.control);
  const units: ArmUnits = e.arms.map((_, a) => {
    const v: number[] = [];
    for (let x = 0; x < i.armOf.length; x++) if (i.armOf[x] === a) v.push(x);
    return Int32Array.from(v);
  });
  const byArm = Object.fromEntries(e.arms.map((a, k) => [a, units[k].length]));
  const total = units.reduce((s, u) => s + u.length, 0);
  const srmTest = sampleRatioTest(
    units.map((u) => u.length),
    e.split,
  );
  const srm = {
    chiSquare: srmTest.chiSquare,
    df: srmTest.df,
    p: srmTest.p,
    level: SRM_LEVEL,
    failed: total > 0 && srmTest.p < SRM_LEVEL,
    expected: Object.fromEntries(e.arms.map((a, k) => [a, srmTest.expected[k]])),
  };
  const notes: string[] = [];
  const daysRead = Math.max(0, Math.min(o.days, Math.ceil((Math.min(i.dataEnd + 1, e.end) - e.start) / DAY_MS)));
  if (i.dataEnd < e.end - 1)
    notes.push(`The data ends ${iso(i.dataEnd)}, before the experiment's end: an interim read.`);
  const unassigned = i.armOf.reduce((s, a) => s + (a < 0 ? 1 : 0), 0);
  if (unassigned > 0)
    notes.push(`${unassigned} triggered users are in no arm of the assignments file and are left out.`);
  const enough = units.every((u) => u.length >= 2);
  const metrics: MetricResult[] = [];
  const series: ExperimentReadReport["series"] = {};
  const sequential: ExperimentReadReport["sequential"] = [];
  let balance: ExperimentReadReport["balance"] = { metric: e.metric, means: {}, p: [] };
  if (enough) {
    const primary = o.metrics[e.metric];
    balance = {
      metric: e.metric,
      means: Object.fromEntries(e.arms.map((a, k) => [a, moments(valuesOf(units[k], primary.pre)).mean])),
      p: e.arms
        .map((_, k) => k)
        .filter((k) => k !== control)
        .map(
          (k) => welchTest(moments(valuesOf(units[control], primary.pre)), moments(valuesOf(units[k], primary.pre))).p,
        ),
    };
    for (const metric of ["conversion", "orders-per-user", "revenue-per-user"] as MetricName[]) {
      const m = o.metrics[metric];
      metrics.push({
        metric,
        primary: metric === e.metric,
        means: meansOf(e.arms, units, m.outcome),
        comparisons: compareArms(e.arms, control, units, m.outcome, m.pre, metric === "conversion", e.alpha),
      });
    }
    const orders = o.metrics["orders-per-user"].outcome;
    const revenue = o.metrics["revenue-per-user"].outcome;
    if (units.every((u) => u.filter((x) => orders[x] > 0).length >= 2))
      metrics.push({
        metric: "revenue-per-order",
        primary: false,
        means: Object.fromEntries(e.arms.map((a, k) => [a, ratioOf(units[k], revenue, orders)])),
        comparisons: compareRatio(e.arms, control, units, revenue, orders, e.alpha),
      });
    const primaryMoments = units.map((u) => moments(valuesOf(u, primary.outcome)));
    const nRef = e.usersPerArm ?? total / e.arms.length;
    e.arms.forEach((arm, a) => {
      if (a === control) return;
      const tau2 = (TAU2_FACTOR * (primaryMoments[control].variance + primaryMoments[a].variance)) / nRef;
      const s = dailySeries({
        arms: e.arms,
        control,
        arm: a,
        units,
        first: o.first,
        daily: primary.daily,
        days: o.days,
        daysRead,
        start: e.start,
        binary: e.metric === "conversion",
        tau2,
        alpha: e.alpha,
      });
      series[arm] = s;
      const last = s[s.length - 1];
      if (last)
        sequential.push({
          method: "normal-mixture SPRT / confidence sequence",
          tau2,
          arm,
          p: last.alwaysValidP,
          interval: last.alwaysValidInterval,
          significant: last.alwaysValidP < e.alpha,
        });
    });
  } else
    notes.push(
      total === 0
        ? "No user reached the moment during the experiment."
        : "Too few users in some arm to compare (fewer than 2).",
    );
  const incremental = enough ? incrementalOutcomes(e, units, metrics, total, daysRead) : [];
  const breakdowns = enough
    ? i.by.flatMap((by) =>
        by === SEGMENT_BREAKDOWN
          ? (i.segments ?? []).map((d) => labelledGroups(d, e, o, units, control))
          : [breakdownGroups(by, e, o, units, control)],
      )
    : [];
  const report: Omit<ExperimentReadReport, "decision"> = {
    experiment: {
      name: e.name,
      moment: e.moment,
      metric: e.metric,
      arms: e.arms,
      split: e.split,
      control: e.control,
      start: iso(e.start),
      end: iso(e.end),
      dataEnd: iso(i.dataEnd),
      usersPerArmPlanned: e.usersPerArm,
      alpha: e.alpha,
      assignment: i.assignment,
    },
    triggered: { total, byArm, exposed: i.exposed, unassigned },
    srm,
    balance,
    metrics,
    incremental,
    sequential,
    series,
    breakdowns,
    notes,
  };
  return { decision: decide(report, i.dataEnd >= e.end - DAY_MS), ...report };
}

export { BREAKDOWNS };

function meansOf(arms: readonly string[], units: ArmUnits, v: Float64Array): Record<string, number> {
  return Object.fromEntries(arms.map((a, k) => [a, moments(valuesOf(units[k], v)).mean]));
}

function valuesOf(u: Int32Array, v: Float64Array): Float64Array {
  return Float64Array.from(u, (x) => v[x]);
}

function ratioOf(u: Int32Array, y: Float64Array, x: Float64Array): number {
  let sy = 0;
  let sx = 0;
  for (const k of u) {
    sy += y[k];
    sx += x[k];
  }
  return sy / sx;
}
