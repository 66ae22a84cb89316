import { existsSync, copyFileSync, readdirSync, rmdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import { EventColumns, type SortableColumn } from "../data/event-columns.js";
import { EVENT_KINDS, type EventKindName } from "../data/event-kind.js";
import type { EventDictionaries, EventTable } from "../data/event-table.js";
import { Dictionary } from "../data/dictionary.js";
import { permute, sortByUserTime } from "../data/sort-events.js";
import { deriveSessions } from "../data/derive-sessions.js";
import { findDuplicates } from "../data/find-duplicates.js";
import { InputError, UsageError } from "../errors.js";
import {
  DATASET_FORMAT,
  DATASET_SCHEMA_VERSION,
  EVENTS_FILE,
  MANIFEST_FILE,
  QUARANTINE_FILE,
  type DatasetManifest,
  type SourceRecord,
} from "../io/dataset-format.js";
import { readDataset } from "../io/read-dataset.js";
import { lockFolder } from "../io/folder-lock.js";
import { checkDatasetOut } from "../io/output-folder.js";
import { releaseTemp, removeTemp, tempBeside, trackTemp } from "../io/temp-files.js";
import { commitPoint } from "../data/yield-point.js";
import { noRowsAccepted } from "../ingest/no-rows-accepted.js";
import { removeIfExists, writeDataset } from "../io/write-dataset.js";
import { QuarantineWriter, csvField, type QuarantineRow } from "../io/quarantine.js";
import type { RecordSource } from "../io/raw-batch.js";
import { parseCsvInParts } from "../ingest/parallel-csv.js";
import { mergePart, replayRejects } from "../ingest/merge-part.js";
import { DICT_NAMES } from "../ingest/parse-part.js";
import type { SourceSpec } from "../ingest/presets.js";
import type { DateOrder } from "../ingest/parse-time.js";
import type { FieldColumns } from "../ingest/resolve-fields.js";
import { expandInputs } from "../io/expand-inputs.js";
import { sha256File, sha256FileInline } from "../io/sha256-worker.js";
import { IngestCounters, SourceNormaliser } from "../ingest/normalize.js";
import { openSource, type OpenedSource } from "../ingest/open-source.js";
import { findPreset, PRESETS } from "../ingest/presets.js";
import { resolveFields } from "../ingest/resolve-fields.js";
import { matchingPresets, withColumnHints } from "../ingest/column-hints.js";
import { eventsFlag, RejectionClues, rejectionHints } from "../ingest/rejection-hints.js";
import type { FieldMap } from "../ingest/fields.js";
import { zoneResolver } from "../ingest/time-zone.js";
import { VERSION } from "../version.js";
import { summariseTable } from "./dataset-summary.js";
import { showText } from "../io/show-text.js";

export interface IngestOptions {
  inputs: string[];
  out: string;
  /** How the manifest names each input (default: its path as given), e.g. a path from the dataset's own folder. */
  sourceNames?: readonly string[];
  preset?: string;
  map?: FieldMap;
  events?: Record<string, EventKindName>;
  sessionGapMs?: number;
  tz?: string;
  append?: boolean;
  strict?: boolean;
  delimiter?: string;
  noHeader?: boolean;
  /** Order of slash dates ("12/1/2010"): overrides the preset's. */
  dateOrder?: DateOrder;
  /** Prices and quantities use "," as the decimal separator. */
  decimalComma?: boolean;
  /** Threads for parsing large plain CSV files (default: the machine's cores, at most 4). */
  threads?: number;
  /** Files smaller than this are read on one thread (default 32 MiB; tests lower it). */
  parallelMinBytes?: number;
  onPhase?: (phase: string) => void;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestProgress {
  file: string;
  fileIndex: number;
  files: number;
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface IngestReport {
  out: string;
  read: number;
  accepted: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  /** The first few rejections, as "file:line: column: detail". */
  rejectionExamples: string[];
  /** What to do about the rejections, most useful first (an --events mapping, --decimal-comma...); may be empty. */
  hints: string[];
  /** With --append: events that exactly repeat one already in the dataset (rejected as duplicate_event). */
  duplicatesSkipped: number;
  quarantine: string | null;
  appended: boolean;
  dataset: ReturnType<typeof summariseTable>;
  sources: SourceRecord[];
  /** Most threads any one file was parsed with (1 when no file was large enough or could be cut). */
  threads: number;
  seconds: number;
  /** Wall time of each phase: open (headers), read (parse, validate, encode), sort, write. */
  phaseSeconds: { open: number; read: number; sort: number; write: number };
  rowsPerSecond: number;
  peakRssMB: number;
}

const DEFAULT_GAP_MS = 30 * 60_000;

export async function ingest(opts: IngestOptions): Promise<IngestReport> {
  // --out is new, empty or a cartlift dataset; then one writer at a time holds it
  checkDatasetOut(opts.out, !!opts.append);
  const createdOut = !existsSync(opts.out);
  let lock;
  try {
    lock = lockFolder(opts.out, "ingest");
  } catch (e) {
    throw asWriteError(e, opts.out);
  }
  const opened: OpenedSource[] = [];
  try {
    return await ingestFrom(opts, opened);
  } finally {
    // every path, failures included, ends the readers' workers: an idle worker would keep the process alive
    await Promise.all(opened.map((o) => o.source.close?.()));
    lock.release();
    // a failed first ingest leaves nothing behind, not even the folder it made
    if (createdOut && existsSync(opts.out) && readdirSync(opts.out).length === 0) rmdirSync(opts.out);
  }
}

async function ingestFrom(opts: IngestOptions, opened: OpenedSource[]): Promise<IngestReport> {
  const started = performance.now();
  const preset = opts.preset ? findPreset(opts.preset) : undefined;
  if (opts.preset && !preset)
    throw new UsageError(`unknown preset "${opts.preset}"`, `presets: ${PRESETS.map((p) => p.name).join(", ")}`);
  const gapMs = opts.sessionGapMs ?? DEFAULT_GAP_MS;
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  if (!(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`--threads must be a whole number >= 1`);
  if (!(gapMs > 0)) throw new UsageError(`--session-gap must be positive`);
  const files = expandInputs(opts.inputs);
  if (files.length === 0) throw new UsageError("no input files given");

  const previous = opts.append && existsSync(join(opts.out, MANIFEST_FILE)) ? readDataset(opts.out) : null;
  const dicts: EventDictionaries = previous?.table.dicts ?? {
    user: new Dictionary(1 << 14),
    session: new Dictionary(1 << 14),
    item: new Dictionary(1 << 14),
    category: new Dictionary(),
    order: new Dictionary(),
  };
  const cols = new EventColumns();
  const oldCount = previous ? seed(cols, previous.table) : 0;

  opts.onPhase?.("open");
  for (const f of files) {
    const o = await openSource(f, { preset, delimiter: opts.delimiter, noHeader: opts.noHeader });
    opened.push({
      ...o,
      spec: {
        ...o.spec,
        dateOrder: opts.dateOrder ?? o.spec.dateOrder,
        decimalComma: opts.decimalComma ?? o.spec.decimalComma,
      },
    });
  }
  // every file's columns are checked before any is read: a bad last file fails fast
  const fieldsOf = opened.map(({ source, spec }) => {
    try {
      return resolveFields(source.file, source.columns, spec, opts.map ?? {});
    } catch (e) {
      throw withColumnHints(e, source.columns, !!opts.preset);
    }
  });
  const hashes = opened.map((o) =>
    o.source.totalBytes > 16 << 20 ? sha256File(o.source.file) : sha256FileInline(o.source.file),
  );
  for (const h of hashes) h.catch(() => {}); // awaited in order below; an early failure must not go unhandled meanwhile

  const quarantinePath = join(opts.out, QUARANTINE_FILE);
  const quarantineTmp = tempBeside(quarantinePath);
  if (previous && existsSync(quarantinePath)) copyFileSync(quarantinePath, quarantineTmp);
  const quarantine = new QuarantineWriter(quarantineTmp, !!previous);
  const counters = new IngestCounters();
  const examples: string[] = [];
  const clues = new RejectionClues();
  const sources: SourceRecord[] = [];
  let threadsUsed = 1;
  try {
    opts.onPhase?.("read");
    const readStarted = performance.now();
    const rejects = {
      write: (row: QuarantineRow) => {
        if (examples.length < 5)
          examples.push(`${row.file}:${row.line}: column "${showText(row.column, 40)}": ${showText(row.detail, 200)}`);
        clues.observe(row);
        quarantine.write(row);
      },
    };
    for (let s = 0; s < opened.length; s++) {
      const { source, spec, variant } = opened[s];
      const fields = fieldsOf[s];
      const progress = (bytes: number, rows: number) =>
        opts.onProgress?.({
          file: source.file,
          fileIndex: s,
          files: opened.length,
          bytes,
          totalBytes: source.totalBytes,
          rows,
        });
      const step = { source, spec, fields, sourceIndex: s, opts, dicts, cols, counters, rejects, progress };
      const parts =
        threads > 1 &&
        !opts.strict &&
        source.split &&
        source.totalBytes >= (opts.parallelMinBytes ?? PARALLEL_MIN_BYTES)
          ? await readInParts(step, threads, quarantineTmp)
          : null;
      if (parts) threadsUsed = Math.max(threadsUsed, parts.parts);
      const count = parts ?? (await readInOnePiece(step));
      checkWholeFile(source.file, count, counters);
      const stat = await hashes[s];
      sources.push({
        path: opts.sourceNames?.[s] ?? source.file,
        bytes: stat.bytes,
        sha256: stat.sha256,
        format: source.format,
        preset: preset?.name ?? null,
        variant: variant ?? null,
        read: count.read,
        accepted: count.accepted,
        rejected: count.read - count.accepted,
      });
    }

    // nothing accepted is an error, and --out stays as it was (the quarantine's reasons are in the message)
    if (counters.accepted === 0)
      throw noRowsAccepted(
        counters,
        examples,
        rejectionHints({
          byReason: counters.byReason,
          unknownEvents: counters.unknownEvents,
          clues,
          decimalComma: opened.every((o) => !!o.spec.decimalComma),
          presets: [],
        }),
      );

    opts.onPhase?.("sort");
    const sortStarted = performance.now();
    const { table, derivedSessions } = finish(cols, dicts, oldCount, gapMs, (i) => {
      counters.accepted--;
      counters.byKind[cols.kind[i]]--;
      sources[cols.source[i]].accepted--;
      sources[cols.source[i]].rejected++;
      counters.reject("duplicate_event");
      quarantine.write({
        file: files[cols.source[i]],
        line: cols.line[i],
        reason: "duplicate_event",
        column: "(all)",
        detail: "exact duplicate of an event already in the dataset",
        raw: canonicalRow(cols, dicts, i),
      });
    });
    quarantine.close();

    await commitPoint(); // an interrupt during the work stops here, before the dataset is replaced
    opts.onPhase?.("write");
    const writeStarted = performance.now();
    const manifest = buildManifest(table, dicts, previous?.manifest ?? null, sources, counters, {
      gapMs,
      tz: opts.tz ?? "UTC",
      derivedSessions,
      quarantine: existsSync(quarantineTmp),
    });
    writeDataset(opts.out, table, manifest);
    if (existsSync(quarantineTmp)) {
      renameSync(quarantineTmp, quarantinePath);
      releaseTemp(quarantineTmp);
    } else if (previous) removeIfExists(quarantinePath); // the dataset's own (its manifest named it), now empty

    const now = performance.now();
    const seconds = (now - started) / 1000;
    const phaseSeconds = {
      open: readStarted - started,
      read: sortStarted - readStarted,
      sort: writeStarted - sortStarted,
      write: now - writeStarted,
    };
    return {
      out: opts.out,
      read: counters.read,
      accepted: counters.accepted,
      rejected: counters.rejected,
      rejectedByReason: Object.fromEntries([...counters.byReason].sort()),
      rejectionExamples: examples,
      hints: rejectionHints({
        byReason: counters.byReason,
        unknownEvents: counters.unknownEvents,
        clues,
        decimalComma: opened.every((o) => !!o.spec.decimalComma),
        presets: preset ? [] : [...new Set(opened.flatMap((o) => matchingPresets(o.source.columns)))],
      }),
      duplicatesSkipped: counters.byReason.get("duplicate_event") ?? 0,
      quarantine: counters.rejected > 0 ? quarantinePath : null,
      appended: !!previous,
      dataset: summariseTable(table),
      sources,
      threads: threadsUsed,
      seconds,
      phaseSeconds: Object.fromEntries(
        Object.entries(phaseSeconds).map(([k, ms]) => [k, Math.round(ms) / 1000]),
      ) as IngestReport["phaseSeconds"],
      rowsPerSecond: Math.round(counters.read / Math.max(seconds, 1e-9)),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } catch (e) {
    quarantine.close();
    removeTemp(quarantineTmp);
    throw asWriteError(e, opts.out);
  }
}

/** File-system refusals while writing are the user's to fix (permissions, disk space), not bugs. */
function asWriteError(e: unknown, out: string): unknown {
  const code = (e as NodeJS.ErrnoException).code;
  if (code !== "EACCES" && code !== "EROFS" && code !== "ENOSPC" && code !== "EPERM" && code !== "ENOTDIR") return e;
  return new InputError("unwritable_out", `cannot write the dataset to ${out} (${(e as Error).message})`, {
    file: out,
    hint: "check the folder's permissions and free disk space",
  });
}

/** Per-source counts, for the manifest and the whole-file checks. */
interface SourceCounts {
  read: number;
  accepted: number;
  unknownEvent: number;
}

interface ReadStep {
  source: RecordSource;
  spec: SourceSpec;
  fields: FieldColumns;
  sourceIndex: number;
  opts: IngestOptions;
  dicts: EventDictionaries;
  cols: EventColumns;
  counters: IngestCounters;
  rejects: { write(row: QuarantineRow): void };
  progress: (bytes: number, rows: number) => void;
}

/** Below this, starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = 32 << 20;

async function readInOnePiece(step: ReadStep): Promise<SourceCounts> {
  const { source, spec, cols, opts, counters } = step;
  const normaliser = new SourceNormaliser({
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
  let sized = false;
  for await (const batch of source.batches()) {
    normaliser.process(batch);
    if (!sized && source.bytesRead() > 0) {
      // estimate this file's rows from the first batch; 5% headroom, capped so a bad guess costs little
      const expected = (normaliser.counters.read / source.bytesRead()) * source.totalBytes * 1.05;
      cols.ensureCapacity(Math.min(cols.length + Math.ceil(expected), 1 << 28));
      sized = true;
    }
    step.progress(source.bytesRead(), counters.read);
  }
  return normaliser.counters;
}

/** A large plain CSV file in byte ranges on several threads; null when it cannot be cut safely. */
async function readInParts(
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
    await replay(k + 1, lineBase);
    count.read += r.read;
    count.accepted += r.accepted;
    count.unknownEvent += r.unknownEvent;
    lineBase += r.lines;
  }
  return count;
}

/** Sorts, drops duplicates of existing events, derives missing sessions, and builds the table. */
function finish(
  cols: EventColumns,
  dicts: EventDictionaries,
  oldCount: number,
  gapMs: number,
  onDuplicate: (i: number) => void,
): { table: EventTable; derivedSessions: number } {
  const n = cols.length;
  const ts = cols.ts.subarray(0, n);
  const user = cols.user.subarray(0, n);
  let order = sortByUserTime(user, ts, n, dicts.user.size);
  if (oldCount > 0 && oldCount < n) {
    const dup = findDuplicates(cols, order, oldCount);
    let kept = 0;
    for (let k = 0; k < n; k++) {
      if (dup[order[k]]) onDuplicate(order[k]);
      else order[kept++] = order[k];
    }
    order = order.slice(0, kept);
  }
  cols.releaseProvenance();
  // each unsorted column is released as soon as its sorted copy exists: peak memory ~ one extra column
  const sorted = <K extends SortableColumn>(k: K, make: (m: number) => EventColumns[K]) =>
    permute(cols.release(k), order, make as never) as EventColumns[K];
  const session = sorted("session", (m) => new Int32Array(m));
  const sortedUser = sorted("user", (m) => new Int32Array(m));
  const sortedTs = sorted("ts", (m) => new Float64Array(m));
  const derivedSessions = deriveSessions(sortedUser, sortedTs, session, dicts.user, dicts.session, gapMs);
  const table: EventTable = {
    length: order.length,
    ts: sortedTs,
    user: sortedUser,
    session,
    item: sorted("item", (m) => new Int32Array(m)),
    kind: sorted("kind", (m) => new Uint8Array(m)),
    price: sorted("price", (m) => new Float64Array(m)),
    quantity: sorted("quantity", (m) => new Int32Array(m)),
    category: sorted("category", (m) => new Int32Array(m)),
    order: sorted("order", (m) => new Int32Array(m)),
    dicts,
  };
  return { table, derivedSessions };
}

/** Copies an existing dataset's events in front of the new ones (--append). */
function seed(cols: EventColumns, t: EventTable): number {
  for (let i = 0; i < t.length; i++) {
    cols.reserve();
    cols.ts[i] = t.ts[i];
    cols.user[i] = t.user[i];
    cols.session[i] = t.session[i];
    cols.item[i] = t.item[i];
    cols.kind[i] = t.kind[i];
    cols.price[i] = t.price[i];
    cols.quantity[i] = t.quantity[i];
    cols.category[i] = t.category[i];
    cols.order[i] = t.order[i];
    cols.source[i] = -1;
    cols.line[i] = 0;
    cols.length++;
  }
  return t.length;
}

/** A header-only file, or a file whose every event type is unmapped, is an input error, not quarantine. */
function checkWholeFile(file: string, n: SourceCounts, counters: IngestCounters): void {
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

function buildManifest(
  t: EventTable,
  dicts: EventDictionaries,
  prev: DatasetManifest | null,
  sources: SourceRecord[],
  c: IngestCounters,
  o: { gapMs: number; tz: string; derivedSessions: number; quarantine: boolean },
): DatasetManifest {
  const summary = summariseTable(t);
  const reasons = { ...(prev?.counts.rejectedByReason ?? {}) };
  for (const [k, v] of c.byReason) reasons[k] = (reasons[k] ?? 0) + v;
  return {
    format: DATASET_FORMAT,
    schemaVersion: DATASET_SCHEMA_VERSION,
    cartliftVersion: VERSION,
    files: { events: EVENTS_FILE, quarantine: o.quarantine ? QUARANTINE_FILE : null },
    sources: [...(prev?.sources ?? []), ...sources],
    events: summary.events,
    eventsByType: summary.eventsByType,
    users: dicts.user.size,
    items: dicts.item.size,
    sessions: dicts.session.size,
    categories: dicts.category.size,
    orders: dicts.order.size,
    timeSpan: summary.timeSpan,
    counts: {
      read: (prev?.counts.read ?? 0) + c.read,
      accepted: (prev?.counts.accepted ?? 0) + c.accepted,
      rejected: (prev?.counts.rejected ?? 0) + c.rejected,
      rejectedByReason: Object.fromEntries(Object.entries(reasons).sort()),
    },
    ingest: {
      sessionGapMs: o.gapMs,
      derivedSessions: (prev?.ingest.derivedSessions ?? 0) + o.derivedSessions,
      tz: o.tz,
      appends: prev ? prev.ingest.appends + 1 : 0,
    },
  };
}

function canonicalRow(c: EventColumns, d: EventDictionaries, i: number): string {
  const id = (dict: Dictionary, code: number) => (code >= 0 ? dict.get(code) : "");
  return [
    new Date(c.ts[i]).toISOString(),
    id(d.user, c.user[i]),
    id(d.session, c.session[i]),
    EVENT_KINDS[c.kind[i]],
    id(d.item, c.item[i]),
    c.price[i] === c.price[i] ? String(c.price[i]) : "",
    String(c.quantity[i]),
  ]
    .map(csvField)
    .join(",");
}
