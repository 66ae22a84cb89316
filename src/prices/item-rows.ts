import type { EventTable } from "../data/event-table.js";

/** Every event of each item in time order: rows[indptr[i] .. indptr[i + 1]) are item i's rows, by time, then row. */
export interface ItemRows {
  indptr: Int32Array;
  rows: Int32Array;
}

/**
 * Groups the rows of `t` (those `keep` accepts) by item, each item's in time order (ties by row): the kept rows are
 * put in time order by an LSD radix sort on their time in microseconds from the first (three 16-bit passes, so spans
 * up to 8.9 years; longer spans, or times closer than a microsecond, are put right by the insertion pass that
 * follows), then a stable counting sort by item keeps that order within each item. O(n), no comparator sort.
 */
export function itemRows(t: EventTable, keep: (row: number) => boolean = () => true): ItemRows {
  const n = t.dicts.item.size;
  let m = 0;
  const kept = new Int32Array(t.length);
  for (let r = 0; r < t.length; r++) if (t.item[r] >= 0 && keep(r)) kept[m++] = r;
  const byTime = timeOrder(t.ts, kept.subarray(0, m));
  const indptr = new Int32Array(n + 1);
  for (let x = 0; x < m; x++) indptr[t.item[byTime[x]] + 1]++;
  for (let i = 0; i < n; i++) indptr[i + 1] += indptr[i];
  const rows = new Int32Array(m);
  const next = indptr.slice(0, n);
  for (let x = 0; x < m; x++) rows[next[t.item[byTime[x]]]++] = byTime[x];
  // exact order within each item (the radix keys round to a microsecond): an insertion pass, linear when sorted
  const ts = t.ts;
  for (let x = 1; x < m; x++) {
    const r = rows[x];
    let y = x - 1;
    while (y >= 0 && t.item[rows[y]] === t.item[r] && (ts[rows[y]] > ts[r] || (ts[rows[y]] === ts[r] && rows[y] > r))) {
      rows[y + 1] = rows[y];
      y--;
    }
    rows[y + 1] = r;
  }
  return { indptr, rows };
}

/** `rows` (ascending) in order of time, ties in row order: radix sort on microseconds from the earliest. */
function timeOrder(ts: Float64Array, rows: Int32Array): Int32Array {
  const m = rows.length;
  let lo = Infinity;
  for (let x = 0; x < m; x++) if (ts[rows[x]] < lo) lo = ts[rows[x]];
  // the key's three 16-bit digits, computed once
  const digits = [new Uint16Array(m), new Uint16Array(m), new Uint16Array(m)];
  for (let x = 0; x < m; x++) {
    const key = Math.min(Math.floor((ts[rows[x]] - lo) * 1000), 2 ** 48 - 1);
    const high = Math.floor(key / 4294967296);
    const low = key - high * 4294967296;
    digits[0][x] = low & 0xffff;
    digits[1][x] = low >>> 16;
    digits[2][x] = high;
  }
  let order = new Int32Array(m);
  for (let x = 0; x < m; x++) order[x] = x;
  let other = new Int32Array(m);
  const count = new Int32Array(65537);
  for (const d of digits) {
    count.fill(0);
    for (let x = 0; x < m; x++) count[d[x] + 1]++;
    for (let b = 0; b < 65536; b++) count[b + 1] += count[b];
    for (let x = 0; x < m; x++) {
      const o = order[x];
      other[count[d[o]]++] = o;
    }
    [order, other] = [other, order];
  }
  for (let x = 0; x < m; x++) other[x] = rows[order[x]];
  return other;
}

/** The first position in item i's run whose time is at or after `ts` (binary search). */
export function firstAtOrAfter(t: EventTable, g: ItemRows, item: number, ts: number): number {
  let lo = g.indptr[item];
  let hi = g.indptr[item + 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t.ts[g.rows[mid]] < ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
