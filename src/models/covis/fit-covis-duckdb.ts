import { tmpdir } from "node:os";
import type { Csr } from "../../data/csr.js";
import type { EventTable } from "../../data/event-table.js";
import { CovisSql } from "../../engines/covis-sql.js";
import { duckdbCovis, sortedPairs, toCsr, type SummedRows } from "../../engines/duckdb-covis.js";
import { UsageError } from "../../errors.js";
import { engineTempDir, removeEngineTempDir, writeCodesParquet } from "../../io/engine-files.js";
import { PopularModel } from "../baselines/popular.js";
import { eventWeights } from "../event-weights.js";
import type { FitContext } from "../model-kind.js";
import { CovisModel, DEFAULT_SCORING } from "./covis-model.js";
import { COVIS_DEFAULTS, type CovisTrainInput } from "./train-covis.js";
import type { takeEngineOptions } from "./engine-options.js";

export type Engine = ReturnType<typeof takeEngineOptions>;

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

/** Co-visitation counted on DuckDB (out of core): the same model as the in-memory engine, within --memory-limit. */
export async function fitCovisOnDuckdb(
  t: EventTable,
  given: CovisTrainInput,
  engine: Engine,
  ctx: FitContext,
): Promise<{ model: CovisModel; run: Record<string, unknown> }> {
  const { neighbours, run } = await countOnDuckdb(t, given, engine, ctx);
  ctx.onPhase?.("ranking popular items", "popular");
  const scoring = { ...DEFAULT_SCORING, ...given.scoring, matrix: given.scoring?.matrix ?? "covisit" };
  const model = new CovisModel({ covisit: neighbours }, PopularModel.train(t, { until: ctx.until }), scoring);
  return { model, run };
}

/**
 * The covisit lists counted on DuckDB, and with `stateKeep` (0: all) the summed pair weights a state keeps
 * (docs/scale-out.md#daily-increments).
 */
export async function countOnDuckdb(
  t: EventTable,
  given: CovisTrainInput,
  engine: Engine,
  ctx: FitContext,
  stateKeep?: number,
): Promise<{ neighbours: Csr; stateRows?: SummedRows; run: Record<string, unknown> }> {
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
      stateKeep,
    });
    return {
      neighbours: r.neighbours,
      stateRows: r.stateRows,
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
