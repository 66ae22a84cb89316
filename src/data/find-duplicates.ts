/**
 * Marks events that exactly repeat an earlier one (same user, time, item, event type, session, price,
 * quantity, category and order), on columns sorted by user then time; only events at index >= `from`
 * in input order (the newly appended ones) are candidates. Used by `ingest --append`, where the same
 * export is often delivered twice.
 */
export interface DuplicateColumns {
  user: Int32Array;
  ts: Float64Array;
  item: Int32Array;
  kind: Uint8Array;
  session: Int32Array;
  price: Float64Array;
  quantity: Int32Array;
  category: Int32Array;
  order: Int32Array;
}

export function findDuplicates(c: DuplicateColumns, sortedOrder: Int32Array, from: number): Uint8Array {
  const dup = new Uint8Array(c.user.length);
  const n = sortedOrder.length;
  let runStart = 0;
  for (let k = 1; k <= n; k++) {
    if (
      k < n &&
      c.user[sortedOrder[k]] === c.user[sortedOrder[runStart]] &&
      c.ts[sortedOrder[k]] === c.ts[sortedOrder[runStart]]
    )
      continue;
    if (k - runStart > 1) markRun(c, sortedOrder, runStart, k, from, dup);
    runStart = k;
  }
  return dup;
}

function markRun(
  c: DuplicateColumns,
  order: Int32Array,
  from: number,
  to: number,
  firstNew: number,
  dup: Uint8Array,
): void {
  for (let a = from + 1; a < to; a++) {
    const i = order[a];
    if (i < firstNew) continue;
    for (let b = from; b < a; b++) {
      const j = order[b];
      if (j >= firstNew) continue; // only against events already in the dataset
      if (same(c, i, j)) {
        dup[i] = 1;
        break;
      }
    }
  }
}

function same(c: DuplicateColumns, i: number, j: number): boolean {
  return (
    c.item[i] === c.item[j] &&
    c.kind[i] === c.kind[j] &&
    (c.session[i] === c.session[j] || c.session[i] === -1 || c.session[j] === -1) &&
    (c.price[i] === c.price[j] || (c.price[i] !== c.price[i] && c.price[j] !== c.price[j])) &&
    c.quantity[i] === c.quantity[j] &&
    c.category[i] === c.category[j] &&
    c.order[i] === c.order[j]
  );
}
