import type { EventTable } from "../data/event-table.js";
import { seededRandom } from "../data/random.js";
import { InputError, UsageError } from "../errors.js";
import { readDataset } from "../io/read-dataset.js";
import { breakdowns } from "../evaluation/breakdowns.js";
import { pairedBootstrap } from "../stats/bootstrap.js";
import { caseSegmentLabels, segmentBreakdowns } from "./segment-labels.js";
import { resolveCut } from "../evaluation/cut.js";
import type { CaseSet } from "../evaluation/eval-case.js";
import type { EvalReport, ModelResult } from "../evaluation/eval-report.js";
import { knownItems } from "../evaluation/known-items.js";
import { listStats, popularityPercentiles } from "../evaluation/list-stats.js";
import { METRICS, metricKey } from "../evaluation/metrics/index.js";
import { fileModelsUntil, parseModelSpec, type ModelSpec } from "./model-spec.js";
import { readModelsConfig, type ModelEntry } from "../io/read-models-config.js";
import { ottoScore } from "../evaluation/otto-score.js";
import { emptyCartCases } from "../evaluation/protocols/empty-cart.js";
import { momentCases } from "../evaluation/protocols/moment-cases.js";
import { MOMENT_KINDS } from "../moments/registry.js";
import type { MomentKind } from "../moments/moment-kind.js";
import { sessionFutureCases } from "../evaluation/protocols/session-future.js";
import { sessionNextCases } from "../evaluation/protocols/session-next.js";
import { userHoldoutCases } from "../evaluation/protocols/user-holdout.js";
import { scoreCases, type CaseScores } from "../evaluation/score-cases.js";
import { userFacts } from "../evaluation/user-facts.js";
import { recommendMany } from "../models/registry.js";
import { buildModel } from "../evaluation/build-model.js";
import { checkReportOut, writeReport } from "./write-reports.js";
import { commitPoint } from "../data/yield-point.js";

import { PROTOCOLS, type Protocol } from "../evaluation/protocols/names.js";

export { PROTOCOLS, type Protocol };

export interface EvaluateOptions {
  data: string;
  /** How the report names the dataset (default: `data`), e.g. its final path when it is read from a staging folder. */
  dataLabel?: string;
  /** Model specs (see models/spec.ts), optionally named; the first is the baseline of the differences. */
  models: ModelEntry[];
  /** A JSON file listing more models (io/read-models-config.ts), after `models`. */
  config?: string;
  protocol: Protocol;
  /** Cut-offs, e.g. [5, 10, 20]. */
  ks: number[];
  /** Train/test cut (epoch ms); default: the last `testShare` of the time span is the test part. */
  cut?: number;
  testShare?: number;
  seed: number;
  resamples: number;
  level: number;
  /** Score at most this many cases (a seeded sample), for quick looks at large data. */
  maxCases?: number;
  /** user-holdout: purchases or cart adds after the cut, within the horizon. */
  target: "purchase" | "cart";
  horizonMs: number;
  /** user-holdout, empty-cart: events of history given to the model. */
  maxHistory: number;
  /** empty-cart: cart lifetime. */
  ttlMs: number;
  /** empty-cart: targets within this long after the moment (default: the moment's session). */
  windowMs?: number;
  threads?: number;
  /** Write report.md, report.html and report.json here. */
  reportDir?: string;
  /** Extra breakdowns: "segment" breaks every metric down by the user's segment at the case (docs/segments.md). */
  by?: string[];
  onPhase?: (label: string) => void;
  onProgress?: (label: string, done: number, total: number) => void;
}

/**
 * `cartlift evaluate`: dataset -> leakage-free cases -> each model trained before the cut -> metrics with intervals.
 */
export async function evaluate(o: EvaluateOptions): Promise<EvalReport> {
  const started = performance.now();
  const ks = validKs(o.ks);
  if (o.models.length === 0 && !o.config)
    throw new UsageError("evaluate needs at least one model", "e.g. --models popular covis");
  const entries = [...o.models, ...(o.config ? readModelsConfig(o.config) : [])];
  const specs = entries.map((m) =>
    typeof m === "string" ? parseModelSpec(m) : { ...parseModelSpec(m.spec), name: m.name },
  );
  const names = new Set<string>();
  for (const s of specs) {
    if (names.has(s.name)) throw new UsageError(`--models: "${s.name}" is given twice`);
    names.add(s.name);
  }
  if (o.reportDir) checkReportOut(o.reportDir); // before the work: a refused folder costs nothing
  o.onPhase?.(`loading ${o.data}`);
  const { table } = readDataset(o.data);
  const cut = resolveCut(table, { cut: o.cut ?? fileModelsUntil(specs), testShare: o.testShare });
  const known = knownItems(table, cut);
  o.onPhase?.(`building ${o.protocol} cases`);
  const set = evaluateCases(table, cut, o, known);
  if (set.cases.length === 0)
    throw new InputError(
      "no_cases",
      `${o.protocol}: no evaluation cases after the cut ${new Date(cut).toISOString()}`,
      { file: o.data, hint: "move the cut (--cut, --test-share) or choose another protocol" },
    );
  const percentile = popularityPercentiles(trainingCounts(table, cut));
  let knownCount = 0;
  for (const k of known) knownCount += k;
  const groupOf = Int32Array.from(set.cases, (c) => c.group);
  const scored: { spec: ModelSpec; trainSeconds: number; scores: CaseScores; run?: Record<string, unknown> }[] = [];
  // item2vec's cases are scored in batches on TensorFlow.js (the same answers as one by one)
  for (const spec of specs) {
    const t0 = performance.now();
    o.onPhase?.(`training ${spec.name}`);
    const { model, run } = await buildModel(spec, table, cut, o.threads);
    const trainSeconds = (performance.now() - t0) / 1000;
    const progress = (done: number, total: number) => o.onProgress?.(`scoring ${spec.name}`, done, total);
    const t1 = performance.now();
    const given = "recipe" in spec && !("blend" in spec.recipe) ? spec.recipe.options : {};
    const histories = set.cases.map((c) => c.history);
    const dense = await recommendMany(model, histories, ks[ks.length - 1], given, progress);
    const denseSeconds = (performance.now() - t1) / 1000;
    const scores = scoreCases(model, set.cases, ks, progress, dense?.answers);
    scores.seconds += denseSeconds;
    scored.push({ spec, trainSeconds, scores, run: dense ? { ...run, ...dense.run } : run });
  }
  o.onPhase?.(`bootstrap (${o.resamples} resamples)`);
  const keys = METRICS.flatMap((m) => ks.map((k) => metricKey(m.name, k)));
  const series = scored.flatMap((s) => s.scores.values);
  const pairs = scored
    .slice(1)
    .flatMap((_, m) => keys.map((_, x) => [(m + 1) * keys.length + x, x] as [number, number]));
  const boot = pairedBootstrap(series, groupOf, set.groups, {
    resamples: o.resamples,
    level: o.level,
    seed: o.seed,
    pairs,
  });
  const maxK = ks[ks.length - 1];
  const segmentLabels = o.by?.includes("segment") ? caseSegmentLabels(table, set.cases, cut) : null;
  const atMaxK = (values: Float64Array[]) =>
    METRICS.map((metric, mi) => ({
      key: metricKey(metric.name, maxK),
      values: values[mi * ks.length + ks.length - 1],
    }));
  const models: ModelResult[] = scored.map((s, m) => {
    const values: ModelResult["values"] = {};
    const intervals: ModelResult["intervals"] = {};
    keys.forEach((key, x) => {
      values[key] = mean(s.scores.values[x]);
      const ci = boot.means[m * keys.length + x];
      intervals[key] = [ci.low, ci.high];
    });
    const result: ModelResult = {
      name: s.spec.name,
      spec: s.spec.spec,
      trainSeconds: round(s.trainSeconds),
      recommendSeconds: round(s.scores.seconds),
      ...(s.run && Object.keys(s.run).length > 0 ? { run: s.run } : {}),
      values,
      intervals,
      lists: listStats(s.scores.lists, maxK, set.cases, percentile, knownCount),
      breakdowns: breakdowns(set.cases, atMaxK(s.scores.values)),
    };
    if (segmentLabels)
      result.breakdowns.push(
        ...segmentBreakdowns(segmentLabels, atMaxK(s.scores.values), groupOf, {
          resamples: o.resamples,
          level: o.level,
          seed: o.seed,
        }),
      );
    if (m > 0) {
      result.vsBaseline = {};
      keys.forEach((key, x) => {
        const d = boot.differences[(m - 1) * keys.length + x];
        result.vsBaseline![key] = {
          diff: values[key] - mean(scored[0].scores.values[x]),
          low: d.low,
          high: d.high,
          significant: d.low > 0 || d.high < 0,
        };
      });
    }
    if (o.protocol === "session-future") result.otto = ottoScore(s.scores.lists, maxK, Math.min(20, maxK), set.cases);
    return result;
  });
  const report: EvalReport = {
    protocol: o.protocol,
    data: o.dataLabel ?? o.data,
    cut: new Date(cut).toISOString(),
    seed: o.seed,
    ks,
    metrics: METRICS.map((m) => m.name),
    cases: set.cases.length,
    groups: set.groups,
    bootstrap: { resamples: o.resamples, level: o.level },
    caseStats: set.stats,
    models,
    seconds: round((performance.now() - started) / 1000),
  };
  await commitPoint(); // an interrupt during the last stretch of work stops here, before anything is written
  if (o.reportDir) writeReport(o.reportDir, report);
  return report;
}

function validKs(ks: number[]): number[] {
  const out = [...new Set(ks)].sort((a, b) => a - b);
  if (out.length === 0 || out.some((k) => !Number.isInteger(k) || k < 1 || k > 1000))
    throw new UsageError(`--k expects whole numbers from 1 to 1000, got ${ks.join(",")}`, "e.g. --k 5,10,20");
  return out;
}

export type CaseOptions = Pick<
  EvaluateOptions,
  "protocol" | "seed" | "maxCases" | "target" | "horizonMs" | "maxHistory" | "ttlMs" | "windowMs"
>;

/** The protocol's cases after the cut, sampled down to `maxCases` (seeded): what evaluate scores. */
export function evaluateCases(
  t: EventTable,
  cut: number,
  o: Partial<CaseOptions> & Pick<CaseOptions, "protocol">,
  known = knownItems(t, cut),
): CaseSet {
  const full = { seed: 42, target: "purchase" as const, horizonMs: Infinity, maxHistory: 50, ttlMs: 86_400_000, ...o };
  return sampleCases(buildCases(t, cut, known, full), full.maxCases, full.seed);
}

function buildCases(t: EventTable, cut: number, known: Uint8Array, o: CaseOptions): CaseSet {
  const users = userFacts(t);
  switch (o.protocol) {
    case "session-next":
      return sessionNextCases(t, cut, known, users);
    case "session-future":
      return sessionFutureCases(t, cut, users, seededRandom(o.seed));
    case "user-holdout":
      return userHoldoutCases(t, cut, users, { target: o.target, horizonMs: o.horizonMs, maxHistory: o.maxHistory });
    case "empty-cart":
      return emptyCartCases(t, cut, users, { ttlMs: o.ttlMs, maxHistory: o.maxHistory, windowMs: o.windowMs });
    case "add-to-cart":
    case "abandoned-cart":
      // the replay's detectors, from the moment registry
      return momentCases(t, cut, users, MOMENT_KINDS[o.protocol] as MomentKind<unknown>, {
        ttlMs: o.ttlMs,
        maxHistory: o.maxHistory,
        windowMs: o.windowMs,
      });
  }
  throw new UsageError(`unknown protocol "${o.protocol as string}"`, `protocols: ${PROTOCOLS.join(", ")}`);
}

/** A seeded sample of whole groups' cases when there are more than `max` (groups renumbered). */
function sampleCases(set: CaseSet, max: number | undefined, seed: number): CaseSet {
  if (max === undefined || set.cases.length <= max) return set;
  const random = seededRandom(seed ^ 0x5eed);
  const order = Array.from({ length: set.groups }, (_, g) => g);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const sizes = new Int32Array(set.groups);
  for (const c of set.cases) sizes[c.group]++;
  const keep = new Uint8Array(set.groups);
  let total = 0;
  for (const g of order) {
    if (total + sizes[g] > max) continue;
    keep[g] = 1;
    total += sizes[g];
  }
  // keep the cases' original order; number the kept groups in that order
  const renumbered = new Map<number, number>();
  const cases = set.cases
    .filter((c) => keep[c.group])
    .map((c) => {
      if (!renumbered.has(c.group)) renumbered.set(c.group, renumbered.size);
      return { ...c, group: renumbered.get(c.group)! };
    });
  return {
    cases,
    groups: renumbered.size,
    stats: { ...set.stats, casesBeforeSampling: set.cases.length, cases: cases.length },
  };
}

function trainingCounts(t: EventTable, cut: number): Float64Array {
  const counts = new Float64Array(t.dicts.item.size);
  for (let i = 0; i < t.length; i++) if (t.ts[i] < cut) counts[t.item[i]]++;
  return counts;
}

function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return a.length ? s / a.length : 0;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
