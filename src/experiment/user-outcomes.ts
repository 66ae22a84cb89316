import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import type { MetricName } from "./experiment-config.js";

export const DAY_MS = 86_400_000;

/** One metric's per-user values: in the outcome window, in the pre-period, and cumulated at each day's end. */
export interface MetricValues {
  outcome: Float64Array;
  pre: Float64Array;
  /** daily[u * days + d]: the value over [first moment, min(end, start + (d + 1) days)). */
  daily: Float64Array;
}

/** What the analysis reads per triggered user (all arrays in the order of `users`). */
export interface UserOutcomes {
  users: Int32Array;
  first: Float64Array;
  /** The user had an event before the experiment (the pre-period or earlier). */
  returning: Uint8Array;
  /** The user carted something before their first moment. */
  earlierCart: Uint8Array;
  days: number;
  metrics: Record<MetricName, MetricValues>;
}

/**
 * Per-user outcomes of an experiment over [start, end): each user's window runs from their first moment (intent to
 * treat) to the end; conversion is any purchase, orders-per-user counts distinct orders (a purchase without an order id
 * is an order of its own), revenue-per-user sums price x quantity of purchases (unknown prices count 0). The pre-period
 * [preFrom, start) gives each user's value of the same metric, the CUPED covariate.
 */
export function userOutcomes(
  t: EventTable,
  first: Float64Array,
  start: number,
  end: number,
  preFrom: number,
): UserOutcomes {
  const users: number[] = [];
  for (let u = 0; u < first.length; u++) if (!Number.isNaN(first[u])) users.push(u);
  const n = users.length;
  const days = Math.max(1, Math.ceil((end - start) / DAY_MS));
  const make = (): MetricValues => ({
    outcome: new Float64Array(n),
    pre: new Float64Array(n),
    daily: new Float64Array(n * days),
  });
  const metrics: Record<MetricName, MetricValues> = {
    conversion: make(),
    "orders-per-user": make(),
    "revenue-per-user": make(),
  };
  const firstOf = Float64Array.from(users, (u) => first[u]);
  const returning = new Uint8Array(n);
  const earlierCart = new Uint8Array(n);
  const index = new Int32Array(first.length).fill(-1);
  users.forEach((u, x) => (index[u] = x));
  // per user: the day each increment lands on; cumulated afterwards
  const conv = metrics.conversion;
  const ord = metrics["orders-per-user"];
  const rev = metrics["revenue-per-user"];
  const seenOrders = new Set<number>();
  const seenPre = new Set<number>();
  let current = -1;
  for (let i = 0; i < t.length; i++) {
    const x = index[t.user[i]];
    if (x < 0) continue;
    if (x !== current) {
      current = x;
      seenOrders.clear();
      seenPre.clear();
    }
    const ts = t.ts[i];
    if (ts < start) returning[x] = 1;
    if (ts < firstOf[x] && t.kind[i] === EventKind.cart_add) earlierCart[x] = 1;
    if (t.kind[i] !== EventKind.purchase) continue;
    const price = t.price[i];
    const value = price > 0 ? price * Math.max(1, t.quantity[i]) : 0;
    const order = t.order[i];
    if (ts >= preFrom && ts < start) {
      conv.pre[x] = 1;
      if (order < 0 || !seenPre.has(order)) ord.pre[x]++;
      if (order >= 0) seenPre.add(order);
      rev.pre[x] += value;
    } else if (ts >= firstOf[x] && ts < end) {
      const d = Math.min(days - 1, Math.floor((ts - start) / DAY_MS));
      const base = x * days;
      if (conv.outcome[x] === 0) conv.daily[base + d] = 1;
      conv.outcome[x] = 1;
      if (order < 0 || !seenOrders.has(order)) {
        ord.outcome[x]++;
        ord.daily[base + d]++;
      }
      if (order >= 0) seenOrders.add(order);
      rev.outcome[x] += value;
      rev.daily[base + d] += value;
    }
  }
  for (const m of Object.values(metrics))
    for (let x = 0; x < n; x++) for (let d = 1; d < days; d++) m.daily[x * days + d] += m.daily[x * days + d - 1];
  return { users: Int32Array.from(users), first: firstOf, returning, earlierCart, days, metrics };
}
