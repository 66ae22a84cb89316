import type { EvalCase } from "./eval-case.js";

/** OTTO's weights of the per-type recalls. */
export const OTTO_WEIGHTS = { clicks: 0.1, carts: 0.3, orders: 0.6 };

/**
 * The OTTO competition metric on lists of stride `listK`, cut at k (20 there): per type, hits summed
 * over sessions divided by the sum of min(k, |targets|) (clicks: the next click, one target); the
 * score weighs the three recalls 0.10 / 0.30 / 0.60.
 */
export function ottoScore(
  lists: Int32Array,
  listK: number,
  k: number,
  cases: readonly EvalCase[],
): { clicks: number; carts: number; orders: number; score: number } {
  const hits = { clicks: 0, carts: 0, orders: 0 };
  const room = { clicks: 0, carts: 0, orders: 0 };
  for (let c = 0; c < cases.length; c++) {
    const typed = cases[c].typed;
    if (!typed) continue;
    const top = new Set<number>();
    for (let r = 0; r < Math.min(k, listK); r++) if (lists[c * listK + r] >= 0) top.add(lists[c * listK + r]);
    for (const type of ["clicks", "carts", "orders"] as const) {
      const targets = typed[type];
      if (targets.length === 0) continue;
      room[type] += Math.min(k, targets.length);
      for (const item of targets) if (top.has(item)) hits[type]++;
    }
  }
  const recall = (type: keyof typeof hits) => (room[type] ? hits[type] / room[type] : 0);
  const clicks = recall("clicks"),
    carts = recall("carts"),
    orders = recall("orders");
  return {
    clicks,
    carts,
    orders,
    score: OTTO_WEIGHTS.clicks * clicks + OTTO_WEIGHTS.carts * carts + OTTO_WEIGHTS.orders * orders,
  };
}
