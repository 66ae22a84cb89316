import { tmpdir } from "node:os";
import type { EventTable } from "../../data/event-table.js";
import { CovisSql } from "../../engines/covis-sql.js";
import { duckdbCovis, sortedPairs, toCsr } from "../../engines/duckdb-covis.js";
import { UsageError } from "../../errors.js";
import { engineTempDir, removeEngineTempDir, writeCodesParquet } from "../../io/engine-files.js";
import { PopularModel } from "../baselines/popular.js";
import { eventWeights } from "../event-weights.js";
import type { FitContext } from "../model-kind.js";
import { CovisModel, DEFAULT_SCORING } from "./covis-model.js";
import { COVIS_DEFAULTS, type CovisTrainInput } from "./train-covis.js";
import type { takeEngineOptions } from "./engine-options.js";

type Engine = ReturnType<typeof takeEngineOptions>;

/** The covisit parameters of the SQL template, from covis options as given (defaults filled in). */
export function covisSqlParams(given: CovisTrainInput, until: number) {
  const o = { ...COVIS_DEFAULTS, ...given };
  if (o.matrices.length !== 1 || o.matrices[0] !== "covisit")
    throw new UsageError(
      `the duckdb and spark engines count the covisit list only (asked: ${o.matrices.join(", ")})`,
      "train buy2buy and cart2buy with --engine memory",
    );
  return {
    scope: o.scope,
    maxGap: o.maxGap,
    windowMs: o.windowMs,
    kindWeight: eventWeights(o.weights),
    halfLifeMs: o.halfLifeMs,
    positionDecay: o.positionDecay,
    normalisation: o.normalisation,
    k: o.k,
    minSupport: o.minSupport,
    until,
  };
}

/**
 * What the in-memory count's process holds at its peak, from the data: Node and the worker threads (BASE), the
 * columns the count loads and the timelines (25 bytes an event), and the summed pairs with the workers' chunk
 * scratch, per position pair of the timelines (an upper bound of the distinct pairs; with several passes, --passes,
 * the peak is lower). Calibrated on synthetic shops (bench/scale-data.mjs, session scope, gap 30):
 * measured peaks 458 MB at 2M events (27.4M position pairs) and 1,387 MB at 10M (137.6M); this gives 525 and 1,606 MB,
 * about 15% above (docs/scale-out.md).
 */
export function memoryEstimate(t: EventTable, maxGap: number, scope: "session" | "user"): number {
  const key = scope === "user" ? t.user : t.session;
  const len = new Int32Array(scope === "user" ? t.dicts.user.size : t.dicts.session.size);
  for (let i = 0; i < t.length; i++) len[key[i]]++;
  let pairs = 0;
  for (const L of len) {
    const g = Math.min(maxGap, L - 1);
    if (g > 0) pairs += 2 * (g * L - (g * (g + 1)) / 2);
  }
  return ESTIMATE_BASE + t.length * 25 + pairs * 8;
}

const ESTIMATE_BASE = 256e6;

/** Co-visitation counted on DuckDB (out of core): the same model as the in-memory engine, within --memory-limit. */
export async function fitCovisOnDuckdb(
  t: EventTable,
  given: CovisTrainInput,
  engine: Engine,
  ctx: FitContext,
): Promise<{ model: CovisModel; run: Record<string, unknown> }> {
  const params = covisSqlParams(given, ctx.until);
  const work = engineTempDir(engine.tempDir ?? tmpdir());
  try {
    ctx.onPhase?.("writing the events for DuckDB", "engine_input");
    await writeCodesParquet(t, `${work}/events`);
    ctx.onPhase?.("counting covisit pairs on DuckDB", "count_covisit");
    const r = await duckdbCovis(new CovisSql("duckdb", params), t.dicts.item.size, {
      input: `${work}/events/*.parquet`,
      work,
      memoryLimit: engine.memoryLimit,
      buckets: engine.buckets,
      threads: ctx.threads ?? 2,
      onBucket: (done, total) => ctx.onCount?.(done, total, "buckets"),
    });
    ctx.onPhase?.("ranking popular items", "popular");
    const scoring = { ...DEFAULT_SCORING, ...given.scoring, matrix: given.scoring?.matrix ?? "covisit" };
    const model = new CovisModel({ covisit: r.neighbours }, PopularModel.train(t, { until: ctx.until }), scoring);
    return {
      model,
      run: {
        engine: "duckdb",
        memoryLimit: engine.memoryLimit,
        buckets: r.buckets,
        pairEstimate: r.pairEstimate,
        tempBytes: r.tempBytes,
      },
    };
  } finally {
    removeEngineTempDir(work);
  }
}

/**
 * A covisit model from an engine's top-k output (Parquet rows a, b, score, rank in any order and any number of
 * files, e.g. what the Spark script writes): sorted by anchor and rank on DuckDB, checked against the item codes.
 */
export async function fitCovisFromPairs(
  t: EventTable,
  given: CovisTrainInput,
  engine: Engine,
  ctx: FitContext,
): Promise<{ model: CovisModel; run: Record<string, unknown> }> {
  covisSqlParams(given, ctx.until); // the same checks (covisit only)
  const work = engineTempDir(engine.tempDir ?? tmpdir());
  try {
    ctx.onPhase?.(`reading the neighbour pairs of ${engine.fromPairs}`, "from_pairs");
    const top = await sortedPairs(engine.fromPairs!, `${work}/sorted.parquet`, given.k ?? COVIS_DEFAULTS.k);
    const neighbours = toCsr(top, t.dicts.item.size);
    const scoring = { ...DEFAULT_SCORING, ...given.scoring, matrix: given.scoring?.matrix ?? "covisit" };
    const model = new CovisModel({ covisit: neighbours }, PopularModel.train(t, { until: ctx.until }), scoring);
    return { model, run: { engine: "from-pairs", pairs: top.a.length } };
  } finally {
    removeEngineTempDir(work);
  }
}
