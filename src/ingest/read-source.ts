import { EventColumns } from "../data/event-columns.js";
import { EVENT_KINDS } from "../data/event-kind.js";
import type { EventDictionaries } from "../data/event-table.js";
import { InputError } from "../errors.js";
import type { QuarantineRow } from "../io/quarantine.js";
import type { RecordSource } from "../io/raw-batch.js";
import { trackTemp } from "../io/temp-files.js";
import { removeIfExists } from "../io/write-dataset.js";
import { showText } from "../io/show-text.js";
import { mergePart, replayRejects } from "./merge-part.js";
import { IngestCounters } from "./ingest-counters.js";
import { SourceNormaliser } from "./normalize.js";
import { FlatRecordNormaliser } from "./flat-normaliser.js";
import { sizeForRecords } from "./sources/size-for-records.js";
import { parseCsvInParts } from "./parallel-csv.js";
import { DICT_NAMES } from "./parse-part.js";
import type { SourceSpec } from "./presets.js";
import type { FieldColumns } from "./resolve-fields.js";
import { eventsFlag } from "./rejection-hints.js";
import { zoneResolver } from "./time-zone.js";
import type { EventKindName } from "../data/event-kind.js";

/** What reading one source needs from the ingest's options. */
export interface ReadOptions {
  events?: Record<string, EventKindName>;
  strict?: boolean;
  tz?: string;
}

/** Per-source counts, for the manifest and the whole-file checks. */
export interface SourceCounts {
  read: number;
  accepted: number;
  unknownEvent: number;
  /** Rows whose event name the preset leaves out (not read). */
  leftOut?: number;
}

export interface ReadStep {
  source: RecordSource;
  spec: SourceSpec;
  fields: FieldColumns;
  sourceIndex: number;
  opts: ReadOptions;
  dicts: EventDictionaries;
  cols: EventColumns;
  counters: IngestCounters;
  rejects: { write(row: QuarantineRow): void };
  progress: (bytes: number, rows: number) => void;
  /** With --memory-limit: the rows a sorted run holds, and the check that spills the collected rows past it. */
  spill?: { rows: number; check(): void };
}

/** Below this, starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 << 20;

export async function readInOnePiece(step: ReadStep): Promise<SourceCounts> {
  const { source, spec, cols, opts, counters } = step;
  // exploded records (GA4's items) read their record-level fields once per record
  const normaliser = new (spec.nested ? FlatRecordNormaliser : SourceNormaliser)({
    file: source.file,
    sourceIndex: step.sourceIndex,
    columns: source.columns,
    fields: step.fields,
    spec,
    eventOverrides: opts.events ?? {},
    dicts: step.dicts,
    out: cols,
    rejects: step.rejects,
    counters,
    strict: !!opts.strict,
    local: zoneResolver(opts.tz ?? spec.tz),
    dateOrder: spec.dateOrder,
  });
  const groups = source.rowGroups;
  // a nested export (web analytics) has about a new session per record: its keys are told apart once, at the end (not
  // under --memory-limit, whose runs take the codes as they are read)
  const firstRow = cols.length;
  if (spec.nested && !step.spill) step.dicts.session.deferLookups();
  // a nested export's records are known from its row groups (not under --memory-limit: the tables would hold them all)
  if (groups && !step.spill)
    sizeForRecords(
      step.dicts,
      groups.exploder,
      groups.rows.reduce((a, b) => a + b, 0),
    );
  let sized = false;
  for await (const batch of source.batches()) {
    normaliser.process(batch);
    step.spill?.check();
    if (!sized && source.bytesRead() > 0) {
      // estimate this file's rows from the first batch; 5% headroom, capped so a bad guess costs little
      const expected = (normaliser.counters.read / source.bytesRead()) * source.totalBytes * 1.05;
      cols.ensureCapacity(Math.min(cols.length + Math.ceil(expected), 1 << 28, step.spill?.rows ?? Infinity));
      sized = true;
    }
    step.progress(source.bytesRead(), counters.read);
  }
  settleSessions(step.dicts, cols, firstRow);
  normaliser.finish();
  return normaliser.counters;
}

/** Ends Dictionary.deferLookups of the sessions: the rows read from `firstRow` on take their final session codes. */
function settleSessions(dicts: EventDictionaries, cols: EventColumns, firstRow: number): void {
  const settled = dicts.session.settle();
  if (!settled) return;
  const { from, codes } = settled;
  const session = cols.session;
  for (let r = firstRow; r < cols.length; r++) {
    const c = session[r];
    if (c >= from) session[r] = codes[c - from];
  }
}

/** A large plain CSV file in byte ranges on several threads; null when it cannot be cut safely. */
export async function readInParts(
  step: ReadStep,
  threads: number,
  tmpPrefix: string,
): Promise<(SourceCounts & { parts: number }) | null> {
  const { source, opts, counters, cols, dicts } = step;
  const before = counters.read;
  for (let k = 0; k < threads; k++) trackTemp(`${tmpPrefix}.part${k}`); // removed on an interrupt
  const mark = { length: cols.length, counters: counters.snapshot(), dicts: DICT_NAMES.map((d) => dicts[d].size) };
  const template = { spec: step.spec, fields: step.fields, eventOverrides: opts.events ?? {}, tz: opts.tz };
  const parsed = await parseCsvInParts(
    source,
    template,
    threads,
    tmpPrefix,
    { dicts, out: cols, counters, sourceIndex: step.sourceIndex },
    (bytes, rows) => step.progress(bytes, before + rows),
  );
  if (!parsed) {
    // the first range went straight into the ingest's state: undo it, then read in one piece
    cols.length = mark.length;
    counters.restore(mark.counters);
    DICT_NAMES.forEach((d, k) => dicts[d].truncate(mark.dicts[k]));
    for (let k = 0; k < threads; k++) removeIfExists(`${tmpPrefix}.part${k}`);
    return null;
  }
  const count = { ...parsed.first, parts: parsed.rest.length + 1 };
  cols.ensureCapacity(cols.length + parsed.rest.reduce((a, r) => a + r.length, 0));
  const replay = async (k: number, base: number) => {
    await replayRejects(parsed.rejectsPaths[k], base, (row) => step.rejects.write(row));
    removeIfExists(parsed.rejectsPaths[k]);
  };
  await replay(0, 0); // the first range numbered its lines itself
  let lineBase = source.split!.firstLine - 1 + parsed.first.lines;
  for (let k = 0; k < parsed.rest.length; k++) {
    const r = parsed.rest[k];
    mergePart(r, dicts, cols, step.sourceIndex, lineBase, counters);
    step.spill?.check();
    await replay(k + 1, lineBase);
    count.read += r.read;
    count.accepted += r.accepted;
    count.unknownEvent += r.unknownEvent;
    lineBase += r.lines;
  }
  return count;
}

/** A header-only file, or a file whose every event type is unmapped, is an input error, not quarantine. */
export function checkWholeFile(file: string, n: SourceCounts, counters: IngestCounters): void {
  if (n.read === 0 && n.leftOut) {
    const names = [...counters.eventNames].filter(([, e]) => e.type === null).sort((a, b) => b[1].rows - a[1].rows);
    throw new InputError(
      "unmapped_events",
      `${file}: none of its ${n.leftOut} events has an event name the preset maps (found: ${names
        .slice(0, 8)
        .map(([k, e]) => `"${showText(k, 40)}" x${e.rows}`)
        .join(", ")})`,
      { file, hint: "check that this is the preset's export, or map names with --events <type>=<name>" },
    );
  }
  if (n.read === 0)
    throw new InputError("no_rows", `${file} has no data rows (header only?)`, {
      file,
      hint: "check that the export finished writing; if the first line is an event, not a header, pass --no-header and name the columns with --map",
    });
  if (n.accepted === 0 && n.unknownEvent === n.read) {
    const seen = [...counters.unknownEvents.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    throw new InputError(
      "unmapped_events",
      `${file}: no event type is mapped (found: ${seen.map(([k, c]) => `"${showText(k, 40)}" x${c}`).join(", ")})`,
      {
        file,
        hint: `map them with ${eventsFlag(counters.unknownEvents) ?? "--events <type>=<name>"} (canonical types: ${EVENT_KINDS.join(", ")}), or pick a --preset`,
      },
    );
  }
}
