import type { EventTable } from "../data/event-table.js";

/** Every event of each item in time order: rows[indptr[i] .. indptr[i + 1]) are item i's rows, by time, then row. */
export interface ItemRows {
  indptr: Int32Array;
  rows: Int32Array;
  /** ts[x] is the time of rows[x]: the item runs read in order, without a jump into the table per row. */
  ts: Float64Array;
}

/**
 * Groups the rows of `t` (those `keep` accepts) by item, each item's in time order (ties by row): an LSD radix sort
 * on the time in milliseconds from the earliest (as many passes of up to 20 bits as the span needs: two for up to
 * 34 years), then a stable counting sort by item. Each pass carries the row, its item and its time along, so that it
 * reads in sequence and only its writes scatter. Times closer than a millisecond are put right by the insertion pass
 * that follows (linear when nothing is out of order). O(n), no comparator sort.
 */
export function itemRows(t: EventTable, keep: (row: number) => boolean = () => true): ItemRows {
  const n = t.dicts.item.size;
  let m = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < t.length; r++)
    if (t.item[r] >= 0 && keep(r)) {
      m++;
      if (t.ts[r] < lo) lo = t.ts[r];
      if (t.ts[r] > hi) hi = t.ts[r];
    }
  let row = new Int32Array(m);
  let item = new Int32Array(m);
  let ts = new Float64Array(m);
  for (let r = 0, x = 0; r < t.length && x < m; r++)
    if (t.item[r] >= 0 && keep(r)) {
      row[x] = r;
      item[x] = t.item[r];
      ts[x++] = t.ts[r];
    }
  let row2 = new Int32Array(m);
  let item2 = new Int32Array(m);
  let ts2 = new Float64Array(m);
  const bits = m > 0 ? Math.max(1, Math.ceil(Math.log2(Math.floor(hi - lo) + 1))) : 1;
  const passes = Math.ceil(bits / 20);
  const width = Math.ceil(bits / passes);
  const buckets = 2 ** width;
  const count = new Int32Array(buckets + 1);
  for (let pass = 0; pass < passes; pass++) {
    const scale = 2 ** (pass * width);
    count.fill(0);
    for (let x = 0; x < m; x++) count[(Math.floor((ts[x] - lo) / scale) % buckets) + 1]++;
    for (let b = 0; b < buckets; b++) count[b + 1] += count[b];
    for (let x = 0; x < m; x++) {
      const to = count[Math.floor((ts[x] - lo) / scale) % buckets]++;
      row2[to] = row[x];
      item2[to] = item[x];
      ts2[to] = ts[x];
    }
    [row, row2, item, item2, ts, ts2] = [row2, row, item2, item, ts2, ts];
  }
  const indptr = new Int32Array(n + 1);
  for (let x = 0; x < m; x++) indptr[item[x] + 1]++;
  for (let i = 0; i < n; i++) indptr[i + 1] += indptr[i];
  const next = indptr.slice(0, n);
  for (let x = 0; x < m; x++) {
    const to = next[item[x]]++;
    row2[to] = row[x];
    ts2[to] = ts[x];
  }
  const rows = row2;
  const times = ts2;
  // exact order within each item (the radix keys round to a millisecond): an insertion pass, linear when sorted
  for (let i = 0; i < n; i++) {
    const first = indptr[i];
    for (let x = first + 1; x < indptr[i + 1]; x++) {
      const r = rows[x];
      const v = times[x];
      let y = x - 1;
      while (y >= first && (times[y] > v || (times[y] === v && rows[y] > r))) {
        rows[y + 1] = rows[y];
        times[y + 1] = times[y];
        y--;
      }
      rows[y + 1] = r;
      times[y + 1] = v;
    }
  }
  return { indptr, rows, ts: times };
}

/** The first position in item i's run whose time is at or after `ts` (binary search). */
export function firstAtOrAfter(t: EventTable, g: ItemRows, item: number, ts: number): number {
  let lo = g.indptr[item];
  let hi = g.indptr[item + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g.ts[mid] < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
