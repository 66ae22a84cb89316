import type { EventColumnArrays, EventDictionaries } from "../data/event-table.js";
import { SessionDeriver } from "../data/session-deriver.js";
import { TableSummary, type DatasetSummary } from "../data/table-summary.js";
import { RunReader, type SortedRun } from "./external-sort.js";

export interface ColumnBatch {
  columns: EventColumnArrays;
  length: number;
}

/**
 * The sorted runs merged into one stream in dataset order, as batches of `batchRows` rows (the last may be shorter).
 * A binary heap of runs keyed by their current row's (user, time), ties going to the earlier run: each run is in
 * (user, time, input order) and the runs are in input order, so the merge is the in-memory stable sort's order.
 * The batch's arrays are reused: a consumer must be done with a batch before asking for the next.
 */
export function* mergeRuns(runs: readonly SortedRun[], batchRows: number): Generator<ColumnBatch> {
  const readers = runs.map((r) => new RunReader(r)).filter((r) => r.load());
  const heap = Int32Array.from(readers.keys());
  let size = heap.length;
  const less = (a: number, b: number): boolean => {
    const ra = readers[a];
    const rb = readers[b];
    const ua = ra.v.user[ra.i];
    const ub = rb.v.user[rb.i];
    if (ua !== ub) return ua < ub;
    const ta = ra.v.ts[ra.i];
    const tb = rb.v.ts[rb.i];
    return ta !== tb ? ta < tb : a < b;
  };
  const siftDown = (at: number): void => {
    const top = heap[at];
    for (;;) {
      let child = 2 * at + 1;
      if (child >= size) break;
      if (child + 1 < size && less(heap[child + 1], heap[child])) child++;
      if (!less(heap[child], top)) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = top;
  };
  for (let k = (size >> 1) - 1; k >= 0; k--) siftDown(k);

  const out = {
    ts: new Float64Array(batchRows),
    user: new Int32Array(batchRows),
    session: new Int32Array(batchRows),
    item: new Int32Array(batchRows),
    kind: new Uint8Array(batchRows),
    price: new Float64Array(batchRows),
    quantity: new Int32Array(batchRows),
    category: new Int32Array(batchRows),
    order: new Int32Array(batchRows),
  };
  let len = 0;
  while (size > 0) {
    const r = readers[heap[0]];
    const v = r.v;
    const i = r.i;
    out.ts[len] = v.ts[i];
    out.user[len] = v.user[i];
    out.session[len] = v.session[i];
    out.item[len] = v.item[i];
    out.kind[len] = v.kind[i];
    out.price[len] = v.price[i];
    out.quantity[len] = v.quantity[i];
    out.category[len] = v.category[i];
    out.order[len] = v.order[i];
    len++;
    if (++r.i === r.n && !r.load()) heap[0] = heap[--size];
    if (size > 1) siftDown(0);
    if (len === batchRows) {
      yield { columns: out, length: len };
      len = 0;
    }
  }
  if (len > 0) yield { columns: out, length: len };
}

/**
 * What the dataset writer takes from sorted runs: the merged batches with sessions derived (as `deriveSessions` on
 * the in-memory table), counted into `summary` as they pass. Deriving adds ids to the session dictionary, which the
 * writer needs whole before the first batch: so `prepare` merges once to derive them (only when some rows have no
 * session), and `batches` merges again, giving each derived session its code without interning.
 */
export class MergedDataset {
  readonly summary = new TableSummary();
  derivedSessions = 0;
  private sessionsBefore: number;

  constructor(
    private readonly runs: readonly SortedRun[],
    private readonly dicts: EventDictionaries,
    private readonly gapMs: number,
    private readonly batchRows: number,
  ) {
    this.sessionsBefore = dicts.session.size;
  }

  /** The first merge: interns the derived sessions' ids. */
  prepare(): void {
    if (!this.runs.some((r) => r.sessionless)) return;
    const d = new SessionDeriver(this.dicts.user, this.dicts.session, this.gapMs);
    for (const { columns: c, length } of mergeRuns(this.runs, this.batchRows)) d.feed(c.user, c.ts, c.session, length);
    this.derivedSessions = d.derived;
  }

  /** The second merge: the dataset's batches, sessions filled in. */
  *batches(): Generator<ColumnBatch> {
    const d = new SessionDeriver(this.dicts.user, this.dicts.session, this.gapMs, this.sessionsBefore);
    for (const b of mergeRuns(this.runs, this.batchRows)) {
      d.feed(b.columns.user, b.columns.ts, b.columns.session, b.length);
      this.summary.add(b.columns, 0, b.length, this.dicts);
      yield b;
    }
  }

  get result(): DatasetSummary {
    return this.summary.result();
  }
}
