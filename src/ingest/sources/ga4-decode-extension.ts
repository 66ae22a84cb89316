import { tableFromIPC, type RecordBatch } from "apache-arrow";
import { ExplodedBatch, type FlatColumns, type TextSpans } from "../../io/exploded-batch.js";
import type { RawBatch } from "../../io/raw-batch.js";
import { explodeGa4Batch, flatGa4Batch, type Ga4Tally } from "./ga4-columns.js";

/**
 * GA4's Parquet export flattened on the Parquet decoding worker (a DecodeExtension, see io/parquet-worker.ts), so that
 * the reading thread only checks and encodes. The worker's part needs no state: it flattens every event, and sends
 * each event's duplicate-check hash and identity along. The reading thread makes the checks in event order, as
 * explodeGa4Batch would (adoptGa4Batch), and drops the rows of the duplicates it finds.
 */
export interface Ga4Part {
  rows: number;
  /** The event of each row. */
  parent: Int32Array;
  flat: FlatColumns;
  /** Per event: the duplicate check's hash, and 1 (user_id) | 2 (user_pseudo_id) for the ids it has. */
  hashes: Float64Array;
  ids: Uint8Array;
}

/** On the decoding worker: each record batch of the IPC stream flattened, or null if one cannot be (main reads it). */
export function afterDecode(ipc: Uint8Array): { extra: Ga4Part[]; transfer: ArrayBuffer[] } | null {
  const parts: Ga4Part[] = [];
  for (const batch of tableFromIPC(ipc).batches) {
    const hashes = new Float64Array(batch.numRows);
    const ids = new Uint8Array(batch.numRows);
    let checks = 0;
    let kept = 0;
    const everyEvent: Ga4Tally = {
      repeatHash: (h) => {
        hashes[checks++] = h;
        return false;
      },
      identity: (userId, pseudoId) => {
        ids[kept++] = (userId ? 1 : 0) | (pseudoId ? 2 : 0);
      },
    };
    const exploded = explodeGa4Batch(batch, 0, everyEvent);
    if (!(exploded instanceof ExplodedBatch) || !exploded.flat) return null;
    parts.push({ rows: exploded.length, parent: exploded.records.of, flat: exploded.flat, hashes, ids });
  }
  return { extra: parts, transfer: buffersOf(parts) };
}

/**
 * On the reading thread: the batch from the worker's part, its events checked for duplicates and their identities
 * counted by `tally` in order; null (nothing counted) when the part is not the batch's.
 */
export function adoptGa4Batch(batch: RecordBatch, firstRow: number, part: Ga4Part, tally: Ga4Tally): RawBatch | null {
  const n = batch.numRows;
  if (part.hashes.length !== n || part.ids.length !== n || part.parent.length !== part.rows) return null;
  let keep: Uint8Array | null = null;
  for (let e = 0; e < n; e++) {
    if (tally.repeatHash(part.hashes[e])) {
      keep ??= new Uint8Array(n).fill(1);
      keep[e] = 0;
      continue;
    }
    tally.identity((part.ids[e] & 1) !== 0, (part.ids[e] & 2) !== 0);
  }
  const { rows, parent, flat } = keep ? withoutEvents(part, keep) : part;
  return flatGa4Batch(rows, parent, flat, firstRow, batch);
}

/** The part without the rows of the events `keep` leaves out (the per-event columns stay: rows index them). */
function withoutEvents(part: Ga4Part, keep: Uint8Array): { rows: number; parent: Int32Array; flat: FlatColumns } {
  const { parent, flat } = part;
  const at: number[] = [];
  for (let r = 0; r < part.rows; r++) if (keep[parent[r]]) at.push(r);
  const index = Int32Array.from(at);
  const pick = (a: Float64Array | null) => (a ? Float64Array.from(index, (r) => a[r]) : null);
  const spans = (t: TextSpans | null): TextSpans | null =>
    t && { ...t, starts: Int32Array.from(index, (r) => t.starts[r]), ends: Int32Array.from(index, (r) => t.ends[r]) };
  return {
    rows: index.length,
    parent: Int32Array.from(index, (r) => parent[r]),
    flat: {
      ...flat,
      item: spans(flat.item)!,
      category: spans(flat.category),
      price: pick(flat.price),
      quantity: pick(flat.quantity),
    },
  };
}

/** The buffers the parts' arrays view: made for this batch, or the IPC stream's own (empty ones are left alone). */
function buffersOf(parts: Ga4Part[]): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const add = (a: ArrayBufferView | null) => {
    if (a && a.buffer.byteLength > 0) out.add(a.buffer as ArrayBuffer);
  };
  for (const { parent, flat, hashes, ids } of parts) {
    [parent, hashes, ids, flat.ms, flat.price, flat.quantity].forEach(add);
    for (const t of [flat.name, flat.user, flat.session, flat.order, flat.item, flat.category])
      if (t) [t.buf, t.alt, t.starts, t.ends].forEach(add);
  }
  return [...out];
}
