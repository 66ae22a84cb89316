import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";

/** Each item's last price seen in the data (NaN-free; 0 when never priced). */
export function lastKnownPrices(t: EventTable): Float64Array {
  const price = new Float64Array(t.dicts.item.size);
  const at = new Float64Array(t.dicts.item.size).fill(-Infinity);
  for (let i = 0; i < t.length; i++) {
    const p = t.price[i];
    if (p > 0 && t.ts[i] >= at[t.item[i]]) {
      at[t.item[i]] = t.ts[i];
      price[t.item[i]] = p;
    }
  }
  return price;
}

/** Orders and purchase revenue (price x quantity) in the replay period. */
export function periodRevenue(t: EventTable, since: number): { orders: number; revenue: number } {
  let revenue = 0;
  const orders = new Set<string>();
  for (let i = 0; i < t.length; i++) {
    if (t.kind[i] !== EventKind.purchase || t.ts[i] < since) continue;
    if (t.price[i] > 0) revenue += t.price[i] * Math.max(1, t.quantity[i]);
    orders.add(t.order[i] >= 0 ? `o${t.order[i]}` : `u${t.user[i]}@${t.session[i]}`);
  }
  return { orders: orders.size, revenue: round(revenue) };
}

export function maxTs(t: EventTable): number {
  let m = -Infinity;
  for (let i = 0; i < t.length; i++) if (t.ts[i] > m) m = t.ts[i];
  return m;
}

export function countKind(kind: Uint8Array, k: number): number {
  let n = 0;
  for (let i = 0; i < kind.length; i++) if (kind[i] === k) n++;
  return n;
}

export function share<T>(xs: readonly T[], f: (x: T, i: number) => boolean): number {
  let n = 0;
  xs.forEach((x, i) => (n += f(x, i) ? 1 : 0));
  return xs.length ? n / xs.length : 0;
}

export function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : 0;
}

/** Three decimals: what reports keep. */
export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Bootstrap groups: one per user. */
export function userGroups(users: ArrayLike<number>): { groupOf: Int32Array; groups: number } {
  const index = new Map<number, number>();
  const groupOf = Int32Array.from(users, (u) => index.get(u) ?? index.set(u, index.size).size - 1);
  return { groupOf, groups: index.size };
}
