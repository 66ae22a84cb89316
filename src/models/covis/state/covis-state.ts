import { STATE_FORMAT, type StateFiles } from "../../../io/covis-state-files.js";
import { InputError } from "../../../errors.js";
import type { PairRows } from "./pair-rows.js";

/** One neighbour list's counts as of the state's end. */
export interface ListState {
  name: string;
  /** The time decay's reference (the last counted event's time; -Infinity when none). */
  endMs: number;
  /** Timelines counted (for the normalisations). */
  nTimelines: number;
  /** Events counted: a later run checks that its dataset holds as many before the state's end. */
  events: number;
  /** Per item: counted timelines containing it. */
  support: Float64Array;
  /** Summed pair weights per anchor, untruncated or each row's `stateK` heaviest. */
  rows: PairRows;
}

/** The counting options a state was made with: an incremental run must ask for the same. */
export interface StateParams {
  matrices: readonly string[];
  scope: string;
  maxGap: number;
  windowMs: number;
  weights: Partial<Record<string, number>>;
  halfLifeMs: number;
  positionDecay: boolean;
  complementWindowMs: number;
  /** Entries kept per anchor; 0: all. */
  stateK: number;
}

/** What a state was counted from: the dataset's sources (path and sha256). */
export type DatasetIdentity = readonly { path: string; sha256: string }[];

export interface CovisState {
  dataset: DatasetIdentity;
  params: StateParams;
  /** Events strictly before this time were counted. */
  untilMs: number;
  /** Item ids in the codes the arrays use. */
  items: string[];
  lists: ListState[];
}

const VERSION = 1;

const finite = (v: number) => (Number.isFinite(v) ? v : String(v));
const number = (v: unknown) => (typeof v === "string" ? Number(v) : (v as number));

export function encodeState(s: CovisState): StateFiles {
  const arrays: StateFiles["arrays"] = {};
  for (const l of s.lists) {
    arrays[`${l.name}.support`] = l.support;
    arrays[`${l.name}.anchors`] = l.rows.anchors;
    arrays[`${l.name}.starts`] = l.rows.starts;
    arrays[`${l.name}.b`] = l.rows.b;
    arrays[`${l.name}.w`] = l.rows.w;
  }
  return {
    header: {
      format: STATE_FORMAT,
      version: VERSION,
      until: new Date(s.untilMs).toISOString(),
      untilMs: s.untilMs,
      dataset: { sources: s.dataset },
      params: { ...s.params, halfLifeMs: finite(s.params.halfLifeMs) },
      items: s.items.length,
      lists: s.lists.map((l) => ({
        name: l.name,
        endMs: finite(l.endMs),
        nTimelines: l.nTimelines,
        events: l.events,
        anchors: l.rows.anchors.length,
        entries: l.rows.b.length,
      })),
    },
    items: s.items,
    arrays,
  };
}

export function decodeState(f: StateFiles, dir: string): CovisState {
  const h = f.header;
  if (h.version !== VERSION)
    throw new InputError("state_version", `the state in ${dir} is version ${String(h.version)}, not ${VERSION}`, {
      file: dir,
      hint: "train once without --incremental to write a new state",
    });
  const params = h.params as StateParams;
  const lists = (h.lists as Record<string, unknown>[]).map((l) => {
    const name = l.name as string;
    const array = <T>(part: string) => f.arrays[`${name}.${part}`] as T;
    return {
      name,
      endMs: number(l.endMs),
      nTimelines: l.nTimelines as number,
      events: l.events as number,
      support: array<Float64Array>("support"),
      rows: {
        anchors: array<Int32Array>("anchors"),
        starts: array<Int32Array>("starts"),
        b: array<Int32Array>("b"),
        w: array<Float64Array>("w"),
      },
    };
  });
  return {
    dataset: (h.dataset as { sources: DatasetIdentity }).sources,
    params: { ...params, halfLifeMs: number(params.halfLifeMs) },
    untilMs: h.untilMs as number,
    items: f.items,
    lists,
  };
}

const PARAM_FLAGS: Record<keyof StateParams, string> = {
  matrices: "--matrices",
  scope: "--scope",
  maxGap: "--max-gap",
  windowMs: "--window",
  weights: "--weights",
  halfLifeMs: "--half-life",
  positionDecay: "--position-decay",
  complementWindowMs: "--complement-window",
  stateK: "--state-k",
};

/**
 * Refuses (exit 2) a state that this run cannot continue: other counting options, another dataset (a source of the
 * state missing from the dataset or with other bytes), or an end later than this run's.
 */
export function checkContinuation(
  s: CovisState,
  dir: string,
  params: StateParams,
  dataset: DatasetIdentity,
  untilMs: number,
): void {
  for (const key of Object.keys(PARAM_FLAGS) as (keyof StateParams)[]) {
    const show = (v: unknown) => JSON.stringify(finite(v as number)) + (key.endsWith("Ms") ? " ms" : "");
    const [was, now] = [show(s.params[key]), show(params[key])];
    if (was !== now)
      throw new InputError(
        "state_mismatch",
        `the state in ${dir} was counted with ${PARAM_FLAGS[key]} ${was}, this run asks for ${now}`,
        { file: dir, hint: "use the state's options, or train without --incremental to start a new state" },
      );
  }
  for (const source of s.dataset) {
    const now = dataset.find((d) => d.path === source.path);
    if (!now || now.sha256 !== source.sha256)
      throw new InputError(
        "state_mismatch",
        `the state in ${dir} was counted from ${source.path} (sha256 ${source.sha256.slice(0, 12)}...), ` +
          (now
            ? `which the dataset holds with other bytes (${now.sha256.slice(0, 12)}...)`
            : "which the dataset lacks"),
        { file: dir, hint: "an incremental run needs the state's dataset or one that extends it with new sources" },
      );
  }
  if (untilMs < s.untilMs)
    throw new InputError(
      "state_mismatch",
      `the state in ${dir} counts events until ${new Date(s.untilMs).toISOString()}, ` +
        `after this run's end (${new Date(untilMs).toISOString()})`,
      { file: dir, hint: "an incremental run adds events after the state's end; give a later --until" },
    );
}
