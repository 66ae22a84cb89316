import type { EventKindName } from "../data/event-kind.js";
import type { summariseTable } from "../data/table-summary.js";
import type { SourceRecord } from "../io/dataset-format.js";
import type { FieldMap } from "../ingest/fields.js";
import type { IngestMapping } from "../ingest/describe-mapping.js";

export type { IngestMapping } from "../ingest/describe-mapping.js";
import type { DateOrder } from "../ingest/parse-time.js";

/** What `cartlift ingest` (and `run`'s ingest step) is asked to do, and what it reports. */
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
  /** Bytes the collected events may take before they are sorted and spilled to disk (default: no limit). */
  memoryLimit?: number;
  /** Where the spilled runs go (default: the --out folder). */
  tempDir?: string;
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
  /** Which column became which field, where sessions came from, which event names were mapped or left out. */
  mapping: IngestMapping;
  /** Most threads any one file was parsed with (1 when no file was large enough or could be cut). */
  threads: number;
  seconds: number;
  /** Wall time of each phase: open (headers), read (parse, validate, encode), sort, write. */
  phaseSeconds: { open: number; read: number; sort: number; write: number };
  rowsPerSecond: number;
  peakRssMB: number;
  /** With --memory-limit: the sorted runs spilled to disk (0: the events fitted, sorted in memory) and their bytes. */
  externalSort?: { runs: number; runRows: number; spilledBytes: number };
}
