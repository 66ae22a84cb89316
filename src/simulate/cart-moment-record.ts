import type { SimCartMoment } from "./shopper.js";

export type { SimCartMoment } from "./shopper.js";

/** One line of `<events>.cart-moments.jsonl`: ids as in the events file, times in epoch ms. */
export function simCartMomentRecord(m: SimCartMoment): Record<string, unknown> {
  const base = { moment: m.moment, user: `u${m.user}`, session: `u${m.user}-${m.session}`, ts: Math.round(m.ts) };
  return m.moment === "add-to-cart"
    ? { ...base, item: `i${m.item}` }
    : {
        ...base,
        items: m.items.map((i) => `i${i}`),
        returnAt: m.returnAt === null ? null : Math.round(m.returnAt),
      };
}
