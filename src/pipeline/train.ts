import { OPTIONAL_COLUMNS, readDataset, type OptionalColumn } from "../io/read-dataset.js";
import { InputError, UsageError } from "../errors.js";
import { ensureFolderOf } from "../io/ensure-folder.js";
import { saveModel } from "../models/model-writer.js";
import { VERSION } from "../version.js";
import { findKind, fitModel, neighbourEntries } from "../models/registry.js";
import type { GivenOptions } from "../models/option-table.js";
import { parseModelRecipe, recipeKinds } from "../models/spec.js";
import { PhaseClock } from "./phase-clock.js";
import { commitPoint } from "../data/yield-point.js";
import { refuseFolderAsFile } from "../io/output-path.js";

export interface TrainOptions {
  /** A model spec: a kind, a kind with options, or a blend such as "covis:0.7+history:0.3" (models/spec.ts). */
  kind: string;
  data: string;
  out: string;
  until?: number;
  /** Threads for the parallel parts (default: the cores, at most 4); the model is the same for any. */
  threads?: number;
  /** Options given outside the spec (train's flags), by option name: every part whose kind has one takes it. */
  options?: GivenOptions;
  /** The option names the user typed (not defaults): each must belong to a kind of the spec. */
  explicit?: readonly string[];
  onPhase?: (phase: string) => void;
  onCount?: (done: number, total: number, label: string) => void;
  onLog?: (line: string) => void;
}

export interface TrainReport {
  kind: string;
  out: string;
  bytes: number;
  items: number;
  /** Stored neighbour entries (co-visitation). */
  neighbours: number;
  trainEvents: number;
  params: Record<string, unknown>;
  /**
   * How training ran, which the model file leaves out: item2vec's tensor backend, rows it rescanned, SGNS words and
   * pairs.
   */
  run: Record<string, unknown>;
  seconds: number;
  /** Wall seconds per phase: loading, counting each list (co-visitation) or fitting, writing. */
  phaseSeconds: Record<string, number>;
}

/** `cartlift train`: dataset -> model file. `kind` is a model spec such as "covis[k=20]" or "covis:0.7+history:0.3". */
export async function train(o: TrainOptions): Promise<TrainReport> {
  const started = performance.now();
  // refuse a bad spec or a flag no part takes before loading anything
  const recipe = parseModelRecipe(o.kind, "train", o.options);
  refuseFolderAsFile(o.out);
  const kinds = recipeKinds(recipe);
  for (const name of o.explicit ?? [])
    if (!kinds.some((k) => findKind(k)?.options.some((option) => option.name === name)))
      throw new UsageError(`--${name} is not an option of ${kinds.join(" or ")}`, "see cartlift train --help");
  const clock = new PhaseClock(o.onPhase);
  clock.start("load", `loading ${o.data}`);
  const { table, manifest } = readDataset(o.data, { skip: unreadColumns(kinds) });
  const until = o.until ?? Infinity;
  const { model, params, run, commit } = await fitModel(recipe, table, {
    until,
    threads: o.threads,
    dataset: manifest.sources.map((s) => ({ path: s.path, sha256: s.sha256 })),
    onPhase: (label, key) => clock.start(key, label),
    onCount: o.onCount,
    onLog: o.onLog,
  });
  let trainEvents = 0;
  // when each item was last seen in training: what `cartlift export --items-seen-since` filters on
  const lastSeen = new Float64Array(table.dicts.item.size).fill(NaN);
  for (let i = 0; i < table.length; i++) {
    if (!(table.ts[i] < until)) continue;
    trainEvents++;
    if (!(table.ts[i] <= lastSeen[table.item[i]])) lastSeen[table.item[i]] = table.ts[i];
  }
  await commitPoint(); // an interrupt during training stops here, before the model file is replaced
  clock.start("write", `writing ${o.out}`);
  const bytes = writeModelFile(o.out, () =>
    saveModel(
      o.out,
      model,
      table.dicts.item,
      {
        format: "cartlift-model",
        cartliftVersion: VERSION,
        params: JSON.parse(JSON.stringify(params, (_k, v) => (v === Infinity ? "Infinity" : v))),
        data: {
          sources: manifest.sources.map((s) => ({ path: s.path, sha256: s.sha256 })),
          from: manifest.timeSpan.from,
          to: manifest.timeSpan.to,
          until: Number.isFinite(until) ? new Date(until).toISOString() : null,
        },
      },
      { extra: { item_last_seen: lastSeen } },
    ),
  );
  commit?.();
  return {
    kind: o.kind,
    out: o.out,
    bytes,
    items: table.dicts.item.size,
    neighbours: neighbourEntries(model),
    trainEvents,
    params,
    run: run ?? {},
    seconds: (performance.now() - started) / 1000,
    phaseSeconds: clock.stop(),
  };
}

/** The optional columns no kind of the spec reads (none when a kind does not say). */
function unreadColumns(kinds: readonly string[]): OptionalColumn[] {
  const read = new Set<string>();
  for (const k of kinds) {
    const columns = findKind(k)?.optionalColumns;
    if (columns === undefined) return [];
    for (const c of columns) read.add(c);
  }
  return OPTIONAL_COLUMNS.filter((c) => !read.has(c));
}

/**
 * Writes through `write` into the out file's folder (created if missing); a file-system failure is an input error
 * naming the path.
 */
function writeModelFile(out: string, write: () => number): number {
  try {
    ensureFolderOf(out);
    return write();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
    throw new InputError("unwritable_out", `cannot write the model to ${out} (${(e as Error).message})`, {
      file: out,
      hint: "check the folder's permissions and free disk space",
    });
  }
}
