import { isAbsolute, join, dirname } from "node:path";
import { EVENT_KINDS, isEventKindName, type EventKindName } from "../data/event-kind.js";
import { parseDuration } from "../data/duration.js";
import { FIELDS, type Field, type FieldMap } from "../ingest/fields.js";
import type { DateOrder } from "../ingest/parse-time.js";
import type { PipelineValues } from "./pipeline-values.js";

/** The `ingest` block of a pipeline file: the inputs and the ingest options a run needs (docs/ci.md). */
export interface PipelineIngest {
  inputs: string[];
  preset?: string;
  maxRejected?: string;
  map?: FieldMap;
  /** raw event name -> canonical type (the file gives canonical -> raw, as `cartlift ingest --events` does). */
  events?: Record<string, EventKindName>;
  tz?: string;
  decimalComma?: boolean;
  noHeader?: boolean;
  dateOrder?: DateOrder;
  sessionGapMs?: number;
}

const KEYS = [
  "inputs",
  "preset",
  "maxRejected",
  "map",
  "events",
  "tz",
  "decimalComma",
  "noHeader",
  "dateOrder",
  "sessionGap",
] as const;

export function readPipelineIngest(v: PipelineValues, raw: unknown, file: string): PipelineIngest {
  const o = v.obj(raw, "ingest", KEYS);
  const near = (p: string) => (isAbsolute(p) ? p : join(dirname(file), p));
  const opt = <T>(k: (typeof KEYS)[number], read: (x: unknown, key: string) => T): T | undefined =>
    o[k] === undefined ? undefined : read(o[k], `ingest.${k}`);
  return {
    inputs: v.strings(o.inputs, "ingest.inputs").map(near),
    preset: opt("preset", (x, k) => v.str(x, k)),
    maxRejected: opt("maxRejected", (x, k) => v.str(x, k)),
    map: opt("map", (x, k) => {
      const m = v.obj(x, k, FIELDS);
      return Object.fromEntries(Object.entries(m).map(([f, c]) => [f as Field, v.str(c, `${k}.${f}`)])) as FieldMap;
    }),
    events: opt("events", (x, k) => {
      const m = v.obj(x, k, EVENT_KINDS);
      const out: Record<string, EventKindName> = {};
      for (const [canonical, names] of Object.entries(m)) {
        if (!isEventKindName(canonical)) continue; // obj() allowed only these
        const raws = Array.isArray(names) ? names : [names];
        raws.forEach(
          (r, i) => (out[v.str(r, Array.isArray(names) ? `${k}.${canonical}[${i}]` : `${k}.${canonical}`)] = canonical),
        );
      }
      return out;
    }),
    tz: opt("tz", (x, k) => v.str(x, k)),
    decimalComma: opt("decimalComma", (x, k) => v.bool(x, k)),
    noHeader: opt("noHeader", (x, k) => v.bool(x, k)),
    dateOrder: opt("dateOrder", (x, k) => {
      if (x !== "dmy" && x !== "mdy" && x !== "ymd")
        throw v.bad(k, `must be "dmy", "mdy" or "ymd", got ${JSON.stringify(x)}`);
      return x;
    }),
    sessionGapMs: opt("sessionGap", (x, k) => {
      const text = v.str(x, k);
      const ms = /^\s*\d/.test(text) ? safeDuration(text) : NaN;
      if (!(ms > 0)) throw v.bad(k, `must be a positive duration such as "30m" or "2h", got ${JSON.stringify(text)}`);
      return ms;
    }),
  };
}

function safeDuration(text: string): number {
  try {
    return parseDuration(text, "sessionGap");
  } catch {
    return NaN;
  }
}
