import type { EventColumns } from "../data/event-columns.js";
import { sortByUserTime } from "../data/sort-events.js";
import type { SpillFile, SpillFolder } from "../io/spill-file.js";

/** Rows of a run written and read back together: 41 bytes each, 672 KB a block. */
export const RUN_BLOCK_ROWS = 1 << 14;
/** Bytes of one event in a run file (ts, price: 8; user, session, item, quantity, category, order: 4; kind: 1). */
export const RUN_ROW_BYTES = 41;
/** Bytes one collected event holds while reading (EventColumns: 41 + source and line) plus its sort order entry. */
const COLLECTED_ROW_BYTES = 49 + 4;

/** A sorted run on disk: its file and row count; `sessionless`: some rows have no session (derived later). */
export interface SortedRun {
  file: SpillFile;
  rows: number;
  sessionless: boolean;
}

/** The typed views of one block of `n` rows inside `bytes` (doubles first, so every view is aligned). */
export function blockViews(bytes: ArrayBuffer, n: number) {
  return {
    ts: new Float64Array(bytes, 0, n),
    price: new Float64Array(bytes, 8 * n, n),
    user: new Int32Array(bytes, 16 * n, n),
    session: new Int32Array(bytes, 20 * n, n),
    item: new Int32Array(bytes, 24 * n, n),
    quantity: new Int32Array(bytes, 28 * n, n),
    category: new Int32Array(bytes, 32 * n, n),
    order: new Int32Array(bytes, 36 * n, n),
    kind: new Uint8Array(bytes, 40 * n, n),
  };
}

/**
 * Ingest's external sort (`--memory-limit`): once the collected events pass a run's size, they are sorted into the
 * dataset order (user, time, input order: the in-memory sort) and spilled to a run file, and collecting starts over
 * in the same columns. The runs are in input order, so merging them by (user, time, run) gives the in-memory order
 * exactly (see run-merge.ts). A run holds about half the limit: the columns while reading, plus the sort's order.
 */
export class ExternalSort {
  readonly runRows: number;
  readonly runs: SortedRun[] = [];

  constructor(
    readonly folder: SpillFolder,
    limitBytes: number,
  ) {
    this.runRows = ExternalSort.runRowsFor(limitBytes);
  }

  /** Events a run holds under a memory limit (at least one block). */
  static runRowsFor(limitBytes: number): number {
    return Math.max(RUN_BLOCK_ROWS >> 4, Math.floor(limitBytes / 2 / COLLECTED_ROW_BYTES));
  }

  get spilled(): boolean {
    return this.runs.length > 0;
  }

  /** Events spilled so far. */
  get rows(): number {
    return this.runs.reduce((a, r) => a + r.rows, 0);
  }

  /** Spills the collected events once they reach a run's size (called between batches). */
  check(cols: EventColumns, userCount: number): void {
    if (cols.length >= this.runRows) this.spill(cols, userCount);
  }

  /** Sorts the collected events into a new run file and empties the columns (keeping their capacity). */
  spill(cols: EventColumns, userCount: number): void {
    const n = cols.length;
    if (n === 0) return;
    const order = sortByUserTime(cols.user.subarray(0, n), cols.ts.subarray(0, n), n, userCount);
    const file = this.folder.create(`run-${this.runs.length}.bin`);
    const block = new ArrayBuffer(RUN_BLOCK_ROWS * RUN_ROW_BYTES);
    let sessionless = false;
    for (let from = 0; from < n; from += RUN_BLOCK_ROWS) {
      const m = Math.min(RUN_BLOCK_ROWS, n - from);
      const v = blockViews(block, m);
      for (let k = 0; k < m; k++) {
        const i = order[from + k];
        v.ts[k] = cols.ts[i];
        v.price[k] = cols.price[i];
        v.user[k] = cols.user[i];
        v.session[k] = cols.session[i];
        v.item[k] = cols.item[i];
        v.quantity[k] = cols.quantity[i];
        v.category[k] = cols.category[i];
        v.order[k] = cols.order[i];
        v.kind[k] = cols.kind[i];
        if (v.session[k] === -1) sessionless = true;
      }
      file.append(new Uint8Array(block, 0, m * RUN_ROW_BYTES));
    }
    this.runs.push({ file, rows: n, sessionless });
    cols.length = 0;
  }
}

/** Reads a run back block by block; `i` is the current row in the current block of `n` rows. */
export class RunReader {
  i = 0;
  n = 0;
  v: ReturnType<typeof blockViews>;
  private next = 0;
  private readonly bytes = new ArrayBuffer(RUN_BLOCK_ROWS * RUN_ROW_BYTES);

  constructor(private readonly run: SortedRun) {
    this.v = blockViews(this.bytes, 0);
  }

  /** Loads the next block; false when the run is done. */
  load(): boolean {
    const m = Math.min(RUN_BLOCK_ROWS, this.run.rows - this.next);
    if (m <= 0) return false;
    this.run.file.readAt(this.next * RUN_ROW_BYTES, new Uint8Array(this.bytes), m * RUN_ROW_BYTES);
    this.v = blockViews(this.bytes, m);
    this.next += m;
    this.i = 0;
    this.n = m;
    return true;
  }
}
