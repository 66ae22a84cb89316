import type { EventTable } from "../../../data/event-table.js";
import type { FitContext } from "../../model-kind.js";
import type { Csr } from "../../../data/csr.js";
import { UsageError, InputError } from "../../../errors.js";
import { readStateFiles, writeStateFiles } from "../../../io/covis-state-files.js";
import { yieldPoint } from "../../../data/yield-point.js";
import { PopularModel } from "../../baselines/popular.js";
import { CovisModel } from "../covis-model.js";
import { COVIS_DEFAULTS, planCovis, type CovisTrainInput } from "../train-covis.js";
import { ChunkCounter, chunkBounds, itemSupport } from "../count-pairs.js";
import { rankAnchors } from "../covis-neighbours.js";
import { heaviest, recodeRows, sumRows, type PairRows } from "./pair-rows.js";
import { timelineDeltas } from "./timeline-deltas.js";
import {
  checkContinuation,
  decodeState,
  encodeState,
  type CovisState,
  type ListState,
  type StateParams,
} from "./covis-state.js";
import { stateEntries, type StateChoice } from "./state-options.js";
import type { Engine } from "../fit-covis-duckdb.js";

export interface StateFit {
  model: CovisModel;
  /** How the state was used (the train report's `run.state`). */
  run: Record<string, unknown>;
  /** Writes the new state (after the model file is written: a failed model write leaves the old state). */
  commit: () => void;
}

/**
 * Co-visitation with a state (docs/scale-out.md#daily-increments). Without --incremental: the usual count, kept per
 * anchor before ranking; the model is byte-identical to a training without --state. With --incremental: the state's
 * sums decayed to the new end (x 0.5^(dt / half-life)), plus what the events after the state's end change
 * (timelineDeltas), then ranked as usual. With an untruncated state this is the full count up to float rounding.
 */
export async function fitCovisWithState(
  table: EventTable,
  o: CovisTrainInput,
  choice: StateChoice & { dir: string },
  ctx: FitContext,
  engine: Engine | null = null,
): Promise<StateFit> {
  if (ctx.dataset === undefined)
    throw new UsageError("--state works with cartlift train (and a run's export step) only");
  const plan = planCovis(table, { ...o, until: ctx.until });
  const nItems = plan.nItems;
  const k = o.k ?? COVIS_DEFAULTS.k;
  const params: StateParams = {
    matrices: o.matrices ?? COVIS_DEFAULTS.matrices,
    scope: o.scope ?? COVIS_DEFAULTS.scope,
    maxGap: o.maxGap ?? COVIS_DEFAULTS.maxGap,
    windowMs: o.windowMs ?? COVIS_DEFAULTS.windowMs,
    weights: o.weights ?? COVIS_DEFAULTS.weights,
    halfLifeMs: o.halfLifeMs ?? COVIS_DEFAULTS.halfLifeMs,
    positionDecay: o.positionDecay ?? COVIS_DEFAULTS.positionDecay,
    complementWindowMs: o.complementWindowMs ?? COVIS_DEFAULTS.complementWindowMs,
    stateK: stateEntries(choice.size, k),
  };
  let untilMs = ctx.until;
  if (!Number.isFinite(untilMs)) {
    untilMs = -Infinity;
    for (let i = 0; i < table.length; i++) if (table.ts[i] > untilMs) untilMs = table.ts[i];
    untilMs = Number.isFinite(untilMs) ? untilMs + 1 : 0;
  }
  let previous: CovisState | null = null;
  if (choice.incremental) {
    const files = readStateFiles(choice.dir);
    if (files === null)
      throw new UsageError(
        `--incremental: ${choice.dir} holds no state yet`,
        "train once with --state and without --incremental",
      );
    previous = decodeState(files, choice.dir);
    checkContinuation(previous, choice.dir, params, ctx.dataset, untilMs);
  }
  const code = previous ? itemCodes(previous.items, table, choice.dir) : null;
  const matrices: Record<string, Csr> = {};
  const lists: ListState[] = [];
  const counted: Record<string, unknown>[] = [];
  let engineRun: Record<string, unknown> | null = null;
  for (const job of plan.jobs) {
    ctx.onPhase?.(`counting ${job.name} pairs`, `count_${job.name}`);
    const { tl, options } = job.build();
    let list: Omit<ListState, "rows"> & { rows: PairRows };
    if (previous && code) {
      const old = previous.lists.find((l) => l.name === job.name)!;
      const d = timelineDeltas(table, tl, nItems, options, previous.untilMs);
      if (d.eventsBefore !== old.events)
        throw new InputError(
          "state_mismatch",
          `the dataset holds ${d.eventsBefore} ${job.name} events before the state's end ` +
            `(${new Date(previous.untilMs).toISOString()}), the state in ${choice.dir} counted ${old.events}`,
          {
            file: choice.dir,
            hint: "events were added or removed before the state's end: train without --incremental",
          },
        );
      const factor =
        Number.isFinite(params.halfLifeMs) && old.rows.b.length > 0
          ? Math.exp(-(options.endMs - old.endMs) * (Math.LN2 / params.halfLifeMs))
          : 1;
      const support = new Float64Array(nItems);
      for (let i = 0; i < old.support.length; i++) support[code[i]] = old.support[i];
      for (let i = 0; i < nItems; i++) support[i] += d.support[i];
      list = {
        name: job.name,
        endMs: d.eventsAfter > 0 ? options.endMs : old.endMs,
        nTimelines: old.nTimelines + d.newTimelines,
        events: old.events + d.eventsAfter,
        support,
        rows: sumRows(
          [
            { rows: recodeRows(old.rows, code), factor },
            { rows: d.rows, factor: 1 },
          ],
          nItems,
        ),
      };
      counted.push({ list: job.name, newEvents: d.eventsAfter, timelinesChanged: d.touched, decay: factor });
    } else {
      // a full count: on DuckDB (its lists, and the summed weights kept: the same sums up to float order) or here
      let rows: PairRows;
      if (engine?.engine === "duckdb") {
        const { countOnDuckdb } = await import("../fit-covis-duckdb.js");
        const r = await countOnDuckdb(table, o, engine, ctx, params.stateK);
        engineRun = r.run;
        matrices[job.name] = r.neighbours;
        rows = r.stateRows!;
      } else {
        const counter = new ChunkCounter(table, tl, nItems, options);
        const bounds = chunkBounds(tl);
        const chunks = [];
        for (let c = 0; c + 1 < bounds.length; c++) {
          await yieldPoint();
          chunks.push({ rows: counter.count(bounds[c], bounds[c + 1]), factor: 1 });
        }
        rows = sumRows(chunks, nItems);
      }
      list = {
        name: job.name,
        endMs: options.endMs,
        nTimelines: tl.offsets.length - 1,
        events: tl.events.length,
        support: itemSupport(table, tl, nItems),
        rows,
      };
      counted.push({ list: job.name, newEvents: tl.events.length, timelinesChanged: tl.offsets.length - 1, decay: 1 });
    }
    await yieldPoint();
    matrices[job.name] ??= rankAnchors([list.rows], list.support, list.nTimelines, nItems, options, 0, nItems);
    lists.push({ ...list, rows: heaviest(list.rows, params.stateK) });
  }
  ctx.onPhase?.("ranking popular items", "popular");
  const model = new CovisModel(matrices, PopularModel.train(table, { until: plan.until }), plan.scoring);
  const state: CovisState = { dataset: ctx.dataset, params, untilMs, items: table.dicts.item.ids(), lists };
  return {
    model,
    run: {
      ...engineRun,
      state: {
        dir: choice.dir,
        incremental: choice.incremental,
        from: previous ? new Date(previous.untilMs).toISOString() : null,
        until: new Date(untilMs).toISOString(),
        kept: params.stateK === 0 ? "all" : params.stateK,
        entries: lists.reduce((s, l) => s + l.rows.b.length, 0),
        lists: counted,
      },
    },
    commit: () => writeStateFiles(choice.dir, encodeState(state)),
  };
}

/** The dataset's code of each state item; an item the dataset lacks means another dataset. */
function itemCodes(items: string[], table: EventTable, dir: string): Int32Array {
  const code = new Int32Array(items.length);
  for (let i = 0; i < items.length; i++) {
    code[i] = table.dicts.item.lookup(items[i]);
    if (code[i] < 0)
      throw new InputError(
        "state_mismatch",
        `the state in ${dir} counted item "${items[i]}", which the dataset lacks`,
        { file: dir, hint: "an incremental run needs the state's dataset or one that extends it" },
      );
  }
  return code;
}
