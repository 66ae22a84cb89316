import type { EventTable } from "../data/event-table.js";
import type { DropRules } from "./drop-rules.js";
import type { PricedRows } from "./priced-rows.js";
import { distinctSorted, rankOf, RunningMedian } from "./running-median.js";

/** The price drops of a log, one entry per drop, in item order then time. */
export interface Drops {
  length: number;
  item: Int32Array;
  /** The row of the drop's event and its time (epoch ms). */
  row: Int32Array;
  at: Float64Array;
  /** The reference price (median of the window before it), the new price, and the depth 1 - new / reference. */
  reference: Float64Array;
  price: Float64Array;
  depth: Float64Array;
  /** When a price at or above the restore share of the reference was seen again (Infinity: not in the data). */
  restoredAt: Float64Array;
}

/**
 * The drops of every item (docs/prices.md): a drop of item i is the first event of i with a price at least
 * `minDrop` below its reference price, the median of the prices of i's events strictly earlier than it within
 * `referenceWindowMs` before it, when there are at least `minObservations` of them. After a drop, i starts a new drop
 * only once an event has shown a price at or above `restoreShare` x that drop's reference again. A sliding window per
 * item with a running median (a Fenwick tree over the item's distinct prices): O(n log d).
 */
export function detectDrops(t: EventTable, priced: PricedRows, rules: DropRules, onlyItem = -1): Drops {
  const out = new DropList();
  const { indptr, rows, ts, price } = priced;
  const median = new RunningMedian();
  const keep = 1 - rules.minDrop;
  let rank = new Int32Array(64);
  const first = onlyItem >= 0 ? onlyItem : 0;
  const last = onlyItem >= 0 ? onlyItem + 1 : indptr.length - 1;
  for (let i = first; i < last; i++) {
    const a = indptr[i];
    const b = indptr[i + 1];
    if (b - a <= rules.minObservations) continue; // no event can have a reference
    if (rank.length < b - a) rank = new Int32Array(2 * (b - a));
    const values = distinctSorted(price.subarray(a, b));
    for (let x = a; x < b; x++) rank[x - a] = rankOf(values, price[x]);
    median.reset(values);
    let lo = a; // first row in the window
    let hi = a; // first row not yet added (rows before it are strictly earlier than the current event)
    let open = -1; // the drop waiting for a restore (its index in `out`), or -1
    for (let x = a; x < b; x++) {
      const at = ts[x];
      const p = price[x];
      if (open >= 0) {
        if (p >= rules.restoreShare * out.reference[open]) {
          out.restoredAt[open] = at;
          open = -1;
        }
        continue;
      }
      while (hi < x && ts[hi] < at) median.add(rank[hi++ - a], 1);
      while (lo < hi && ts[lo] < at - rules.referenceWindowMs) median.add(rank[lo++ - a], -1);
      if (median.size < rules.minObservations) continue;
      const ref = median.median();
      if (p <= keep * ref) open = out.push(i, rows[x], at, ref, p);
    }
  }
  return out.finish();
}

/** Growable columns of drops. */
class DropList {
  length = 0;
  item: number[] = [];
  row: number[] = [];
  at: number[] = [];
  reference: number[] = [];
  price: number[] = [];
  restoredAt: number[] = [];

  push(item: number, row: number, at: number, reference: number, price: number): number {
    this.item.push(item);
    this.row.push(row);
    this.at.push(at);
    this.reference.push(reference);
    this.price.push(price);
    this.restoredAt.push(Infinity);
    return this.length++;
  }

  finish(): Drops {
    return {
      length: this.length,
      item: Int32Array.from(this.item),
      row: Int32Array.from(this.row),
      at: Float64Array.from(this.at),
      reference: Float64Array.from(this.reference),
      price: Float64Array.from(this.price),
      depth: Float64Array.from(this.price, (p, d) => 1 - p / this.reference[d]),
      restoredAt: Float64Array.from(this.restoredAt),
    };
  }
}
