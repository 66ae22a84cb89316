import { availableParallelism } from "node:os";
import type { EventTable } from "../../data/event-table.js";
import type { FitContext, FittedModel } from "../model-kind.js";
import { assembleOptions, type GivenOptions, type ModelOption } from "../option-table.js";
import { COVIS_DEFAULTS, trainCovisParallel, type CovisTrainInput } from "./train-covis.js";
import { UsageError } from "../../errors.js";
import { takeEngineOptions, type CovisEngine } from "./engine-options.js";
import { takeStateOptions } from "./state/state-options.js";
import { memoryEstimate } from "./memory-estimate.js";

const gb = (bytes: number) => `${(bytes / 1e9).toFixed(2)} GB`;

/** Trains co-visitation from the given options; the params keep them as given, and the training end. */
export async function fitCovis(
  table: EventTable,
  given: GivenOptions,
  options: readonly ModelOption[],
  ctx: FitContext,
): Promise<FittedModel> {
  const o = assembleOptions(options, given) as CovisTrainInput;
  const engine = takeEngineOptions(o as Record<string, unknown>);
  const state = takeStateOptions(o as Record<string, unknown>);
  const until = Number.isFinite(ctx.until) ? ctx.until : undefined;
  if (state.dir !== null) {
    if ((engine.engine !== "memory" && engine.engine !== "duckdb") || engine.fromPairs)
      throw new UsageError(
        "--state counts in memory or on DuckDB",
        "leave out --from-pairs with --state, and give --engine memory or duckdb",
      );
    if (ctx.fitPart)
      throw new UsageError("--state trains a covis model alone, not a part of a blend", "train the blend without it");
    const { fitCovisWithState } = await import("./state/fit-covis-state.js");
    const { model, run, commit } = await fitCovisWithState(table, o, { ...state, dir: state.dir }, ctx, engine);
    return { model, params: { ...o, until }, run, commit };
  }
  if (engine.fromPairs) {
    const { fitCovisFromPairs } = await import("./fit-covis-duckdb.js");
    const { model, run } = await fitCovisFromPairs(table, o, engine, ctx);
    return { model, params: { ...o, until: Number.isFinite(ctx.until) ? ctx.until : undefined }, run };
  }
  if (engine.engine === "spark")
    throw new UsageError(
      "--engine spark writes a script and trains nothing",
      "add --emit-sql <file.sql> --input <dir> --output <dir>",
    );
  if (engine.engine !== "memory") {
    let chosen: CovisEngine = engine.engine;
    if (chosen === "auto") {
      const need = memoryEstimate(table, {
        k: o.k ?? COVIS_DEFAULTS.k,
        matrices: (o.matrices ?? COVIS_DEFAULTS.matrices).length,
        halfLife: Number.isFinite(o.halfLifeMs ?? COVIS_DEFAULTS.halfLifeMs),
      });
      chosen = need > engine.memoryLimit ? "duckdb" : "memory";
      ctx.onLog?.(
        `engine auto: the in-memory count needs about ${gb(need)}, --memory-limit is ${gb(engine.memoryLimit)}: ` +
          `counting ${chosen === "duckdb" ? "on DuckDB" : "in memory"}`,
      );
    }
    if (chosen === "duckdb") {
      const { fitCovisOnDuckdb } = await import("./fit-covis-duckdb.js");
      const { model, run } = await fitCovisOnDuckdb(table, o, engine, ctx);
      return { model, params: { ...o, until: Number.isFinite(ctx.until) ? ctx.until : undefined }, run };
    }
  }
  const threads = ctx.threads ?? Math.min(4, availableParallelism());
  const model = await trainCovisParallel(table, { ...o, until: ctx.until }, threads, (label, key) =>
    ctx.onPhase?.(label, key ?? label),
  );
  return { model, params: { ...o, until: Number.isFinite(ctx.until) ? ctx.until : undefined } };
}
