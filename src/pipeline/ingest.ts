import { join } from "node:path";
import { availableParallelism } from "node:os";
import { EventColumns } from "../data/event-columns.js";
import type { EventDictionaries } from "../data/event-table.js";
import { Dictionary } from "../data/dictionary.js";
import { commitPoint } from "../data/yield-point.js";
import { summariseTable, type DatasetSummary } from "../data/table-summary.js";
import { InputError, UsageError } from "../errors.js";
import type { IngestOptions, IngestReport } from "./ingest-types.js";
import { MANIFEST_FILE, type SourceRecord } from "../io/dataset-format.js";
import { readDataset } from "../io/read-dataset.js";
import { lockFolder } from "../io/folder-lock.js";
import { checkDatasetOut, removeFolderIfEmpty } from "../io/output-folder.js";
import { pathExists } from "../io/file-kind.js";
import { StagedQuarantine } from "../io/staged-quarantine.js";
import { writeDataset, writeDatasetBatches } from "../io/write-dataset.js";
import { SpillFolder } from "../io/spill-file.js";
import { ROWS_PER_BATCH } from "../io/dataset-format.js";
import type { QuarantineRow } from "../io/quarantine.js";
import { expandInputs } from "../io/expand-inputs.js";
import { sha256File, sha256FileInline } from "../io/sha256-worker.js";
import { showText } from "../io/show-text.js";
import { noRowsAccepted } from "../ingest/no-rows-accepted.js";
import { IngestCounters } from "../ingest/ingest-counters.js";
import { openSource, type OpenedSource } from "../ingest/open-source.js";
import { findPreset, PRESETS } from "../ingest/presets.js";
import { resolveFields } from "../ingest/resolve-fields.js";
import { matchingPresets, withColumnHints } from "../ingest/column-hints.js";
import { RejectionClues, rejectionHints } from "../ingest/rejection-hints.js";
import { assembleTable, canonicalRow, seedColumns } from "../ingest/assemble-table.js";
import { ExternalSort } from "../ingest/external-sort.js";
import { MergedDataset } from "../ingest/run-merge.js";
import { buildManifest } from "../ingest/build-manifest.js";
import { ingestMapping, sourceMapping, type SourceMapping } from "../ingest/describe-mapping.js";
import { checkWholeFile, PARALLEL_MIN_BYTES, readInOnePiece, readInParts } from "../ingest/read-source.js";
import { defaultNestedParts, NESTED_PARALLEL_MIN_BYTES, readNestedInParts } from "../ingest/sources/nested-parts.js";

export type { IngestOptions, IngestProgress, IngestReport } from "./ingest-types.js";

const DEFAULT_GAP_MS = 30 * 60_000;

export async function ingest(opts: IngestOptions): Promise<IngestReport> {
  // --out is new, empty or a cartlift dataset; then one writer at a time holds it
  checkDatasetOut(opts.out, !!opts.append);
  const createdOut = !pathExists(opts.out);
  let lock;
  try {
    lock = lockFolder(opts.out, "ingest");
  } catch (e) {
    throw asWriteError(e, opts.out);
  }
  const opened: OpenedSource[] = [];
  let spills: SpillFolder | undefined;
  try {
    if (opts.memoryLimit !== undefined) {
      if (opts.append)
        throw new UsageError("--memory-limit cannot be used with --append yet (the dataset is re-sorted in memory)");
      spills = new SpillFolder(opts.tempDir ?? opts.out); // an unwritable --temp-dir fails here, before any work
    }
    return await ingestFrom(opts, opened, spills);
  } finally {
    spills?.remove(); // the sorted runs go on success and on failure
    // every path, failures included, ends the readers' workers: an idle worker would keep the process alive
    await Promise.all(opened.map((o) => o.source.close?.()));
    lock.release();
    // a failed first ingest leaves nothing behind, not even the folder it made
    if (createdOut) removeFolderIfEmpty(opts.out);
  }
}

async function ingestFrom(opts: IngestOptions, opened: OpenedSource[], spills?: SpillFolder): Promise<IngestReport> {
  const started = performance.now();
  const preset = opts.preset ? findPreset(opts.preset) : undefined;
  if (opts.preset && !preset)
    throw new UsageError(`unknown preset "${opts.preset}"`, `presets: ${PRESETS.map((p) => p.name).join(", ")}`);
  const gapMs = opts.sessionGapMs ?? DEFAULT_GAP_MS;
  const threads = opts.threads ?? Math.min(4, availableParallelism());
  if (!(Number.isInteger(threads) && threads >= 1)) throw new UsageError(`--threads must be a whole number >= 1`);
  const nestedThreads = opts.threads ?? defaultNestedParts(availableParallelism());
  if (!(gapMs > 0)) throw new UsageError(`--session-gap must be positive`);
  const files = expandInputs(opts.inputs);
  if (files.length === 0) throw new UsageError("no input files given");

  const previous = opts.append && pathExists(join(opts.out, MANIFEST_FILE)) ? readDataset(opts.out) : null;
  const dicts: EventDictionaries = previous?.table.dicts ?? {
    user: new Dictionary(1 << 14),
    session: new Dictionary(1 << 14),
    item: new Dictionary(1 << 14),
    category: new Dictionary(),
    order: new Dictionary(),
  };
  const cols = new EventColumns();
  const oldCount = previous ? seedColumns(cols, previous.table) : 0;
  const sorter = spills && opts.memoryLimit !== undefined ? new ExternalSort(spills, opts.memoryLimit) : null;
  const spill = sorter ? { rows: sorter.runRows, check: () => sorter.check(cols, dicts.user.size) } : undefined;

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

  const staged = new StagedQuarantine(opts.out, !!previous);
  const quarantine = staged.writer;
  const counters = new IngestCounters();
  const examples: string[] = [];
  const clues = new RejectionClues();
  const sources: SourceRecord[] = [];
  const mappings: SourceMapping[] = [];
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
      const step = { source, spec, fields, sourceIndex: s, opts, dicts, cols, counters, rejects, progress, spill };
      // under --memory-limit a file read in parts holds every part at once: only small files are
      const parallel = !opts.strict && (opts.memoryLimit === undefined || source.totalBytes <= opts.memoryLimit / 4);
      const big = (min: number) => parallel && source.totalBytes >= (opts.parallelMinBytes ?? min);
      const parts =
        threads > 1 && source.split && big(PARALLEL_MIN_BYTES)
          ? await readInParts(step, threads, staged.tempPath)
          : nestedThreads > 1 && source.rowGroups && big(NESTED_PARALLEL_MIN_BYTES)
            ? await readNestedInParts(step, nestedThreads, staged.tempPath)
            : null;
      if (parts) threadsUsed = Math.max(threadsUsed, parts.parts);
      const count = parts ?? (await readInOnePiece(step));
      checkWholeFile(source.file, count, counters);
      spill?.check(); // readers that do not check between batches (nested Parquet parts) spill here
      mappings.push(sourceMapping(source.file, source.columns, fields, source.counts?.(), source.unusedFields?.()));
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
    let summary: DatasetSummary;
    let derivedSessions: number;
    let writeStarted: number;
    const manifestOf = (sum: DatasetSummary, derived: number) =>
      buildManifest(sum, dicts, previous?.manifest ?? null, sources, counters, {
        gapMs,
        tz: opts.tz ?? "UTC",
        derivedSessions: derived,
        quarantine: staged.hasRows(),
      });
    if (sorter?.spilled) {
      // past --memory-limit: the last run is spilled too, and the runs are merged into the dataset writer
      sorter.spill(cols, dicts.user.size);
      cols.releaseAll();
      quarantine.close();
      const merged = new MergedDataset(sorter.runs, dicts, gapMs, ROWS_PER_BATCH);
      merged.prepare();
      await commitPoint(); // an interrupt during the work stops here, before the dataset is replaced
      opts.onPhase?.("write");
      writeStarted = performance.now();
      writeDatasetBatches(opts.out, dicts, merged.batches(), () => manifestOf(merged.result, merged.derivedSessions));
      summary = merged.result;
      derivedSessions = merged.derivedSessions;
    } else {
      const assembled = assembleTable(cols, dicts, oldCount, gapMs, (i) => {
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
      writeStarted = performance.now();
      summary = summariseTable(assembled.table);
      derivedSessions = assembled.derivedSessions;
      writeDataset(opts.out, assembled.table, manifestOf(summary, derivedSessions));
    }
    staged.commit(!!previous); // an appended dataset's own quarantine (its manifest named it) goes when now empty

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
      quarantine: counters.rejected > 0 ? staged.path : null,
      appended: !!previous,
      dataset: summary,
      sources,
      mapping: ingestMapping(mappings, counters, derivedSessions, gapMs),
      threads: threadsUsed,
      seconds,
      phaseSeconds: Object.fromEntries(
        Object.entries(phaseSeconds).map(([k, ms]) => [k, Math.round(ms) / 1000]),
      ) as IngestReport["phaseSeconds"],
      rowsPerSecond: Math.round(counters.read / Math.max(seconds, 1e-9)),
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      ...(sorter && {
        externalSort: { runs: sorter.runs.length, runRows: sorter.runRows, spilledBytes: sorter.folder.bytes },
      }),
    };
  } catch (e) {
    staged.discard();
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
