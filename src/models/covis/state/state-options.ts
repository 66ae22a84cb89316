import { UsageError } from "../../../errors.js";
import { boolean, type ModelOption } from "../../option-table.js";

/** How many pair counts a state keeps per anchor: all of them, a number, or a multiple of --k ("5k"). */
export type StateSize = { all: true } | { count: number } | { timesK: number };

export function parseStateSize(text: string, where: string): StateSize {
  const t = text.trim().toLowerCase();
  if (t === "all") return { all: true };
  const times = /^(\d+)k$/.exec(t);
  if (times && Number(times[1]) >= 1) return { timesK: Number(times[1]) };
  if (/^\d+$/.test(t) && Number(t) >= 1 && Number(t) <= 1e7) return { count: Number(t) };
  throw new UsageError(`${where} expects all, a whole number or a multiple of --k such as 5k, got "${text}"`);
}

/** Daily increments (docs/scale-out.md#daily-increments); none of these changes the model, so none is in its params. */
export const STATE_OPTIONS: readonly ModelOption[] = [
  {
    name: "state",
    key: "state",
    parse: (text) => text,
    value: "<dir>",
    defaultNote: "none",
    doc: "keep the pair counts in this folder, so that a later --incremental run counts only newer events",
  },
  {
    name: "state-k",
    key: "stateK",
    parse: parseStateSize,
    default: "5k",
    value: "<all|n|<m>k>",
    doc: "with --state: pair counts kept per item: all (exact increments), n, or m times --k",
  },
  {
    name: "incremental",
    key: "incremental",
    parse: boolean,
    value: "",
    switch: true,
    defaultNote: "off",
    doc: "with --state: count only the events after the state's end, merge them into its decayed counts, re-rank",
  },
];

export interface StateChoice {
  dir: string | null;
  size: StateSize;
  incremental: boolean;
}

/** The state options out of a covis options object (they never reach the model's params). */
export function takeStateOptions(o: Record<string, unknown>): StateChoice {
  const taken = {
    dir: (o.state as string | undefined) ?? null,
    size: (o.stateK as StateSize | undefined) ?? { timesK: 5 },
    incremental: (o.incremental as boolean | undefined) ?? false,
  };
  delete o.state;
  delete o.stateK;
  delete o.incremental;
  if (taken.incremental && taken.dir === null)
    throw new UsageError("--incremental needs --state <dir>", "the state folder of an earlier --state run");
  return taken;
}

/** Entries kept per anchor for a model of k neighbours; 0: all. */
export function stateEntries(size: StateSize, k: number): number {
  if ("all" in size) return 0;
  const n = "count" in size ? size.count : size.timesK * k;
  if (n < k)
    throw new UsageError(
      `--state-k ${n} keeps fewer pair counts per item than the model's --k ${k}`,
      "give --state-k at least --k (default 5k), or all",
    );
  return n;
}
