import { availableParallelism } from "node:os";
import type { EventTable } from "../../data/event-table.js";
import type { FitContext, FittedModel } from "../model-kind.js";
import { assembleOptions, type GivenOptions, type ModelOption } from "../option-table.js";
import { trainCovisParallel, type CovisTrainInput } from "./train-covis.js";

/** Trains co-visitation from the given options; the params keep them as given, and the training end. */
export async function fitCovis(
  table: EventTable,
  given: GivenOptions,
  options: readonly ModelOption[],
  ctx: FitContext,
): Promise<FittedModel> {
  const o = assembleOptions(options, given) as CovisTrainInput;
  const threads = ctx.threads ?? Math.min(4, availableParallelism());
  const model = await trainCovisParallel(table, { ...o, until: ctx.until }, threads, (label, key) =>
    ctx.onPhase?.(label, key ?? label),
  );
  return { model, params: { ...o, until: Number.isFinite(ctx.until) ? ctx.until : undefined } };
}
