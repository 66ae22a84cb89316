/**
 * The dataset order: user code, then time, then input order (so the sort is stable and ingesting the
 * same input twice gives the same bytes). A counting sort by user, then a per-user sort by time
 * that is skipped when the user's events already arrive in time order, as they do in most logs.
 */
export function sortByUserTime(user: Int32Array, ts: Float64Array, length: number, userCount: number): Int32Array {
  const start = new Int32Array(userCount + 1);
  for (let i = 0; i < length; i++) start[user[i] + 1]++;
  for (let u = 0; u < userCount; u++) start[u + 1] += start[u];
  const next = start.slice(0, userCount);
  const order = new Int32Array(length);
  for (let i = 0; i < length; i++) order[next[user[i]]++] = i;
  for (let u = 0; u < userCount; u++) sortRunByTime(order, ts, start[u], start[u + 1]);
  return order;
}

function sortRunByTime(order: Int32Array, ts: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let k = from + 1; k < to; k++) {
    if (ts[order[k]] < ts[order[k - 1]]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  const run = Array.from(order.subarray(from, to));
  run.sort((a, b) => ts[a] - ts[b] || a - b);
  order.set(run, from);
}

/** `src` reordered by `order`, into a new array of the same type. */
export function permute<T extends Float64Array | Int32Array | Uint8Array>(
  src: T,
  order: Int32Array,
  make: (n: number) => T,
): T {
  const out = make(order.length);
  // columns a log does not have (no price, one quantity, no order id) hold one value: a sequential
  // check is far cheaper than a random gather
  if (order.length > 0 && isConstant(src, order.length)) return out.fill(src[0]) as T;
  for (let k = 0; k < order.length; k++) out[k] = src[order[k]];
  return out;
}

/** True when src[0, n) holds one value (NaN counts as equal to NaN). */
function isConstant(src: Float64Array | Int32Array | Uint8Array, n: number): boolean {
  const first = src[0];
  if (first !== first) {
    for (let i = 1; i < n; i++) if (src[i] === src[i]) return false;
    return true;
  }
  for (let i = 1; i < n; i++) if (src[i] !== first) return false;
  return true;
}
