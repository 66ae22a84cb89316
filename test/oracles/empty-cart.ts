import type { EventTable } from "../../src/data/event-table.js";
import { EventKind } from "../../src/data/event-kind.js";

/** One moment as the reference finds it (the fields of src/moments/empty-cart-moments.ts). */
export interface ReferenceMoment {
  event: number;
  user: number;
  expired: number[];
  expiredValue: number;
  lastCartActivity: number;
}

interface Expiry {
  position: number;
  items: { item: number; value: number; addedAt: number }[];
  lastCart: number;
}

/**
 * Empty-cart moments the slow, declarative way (docs/replay.md), for tests only. Pass 1 walks each user's events and
 * records where cart items expire and where items are added, with plain arrays. Pass 2 then asks, for every event that
 * starts a new session, the definition's questions directly: did anything expire since the later of the last add and
 * the last moment? Is the cart empty now? Nothing is shared with the implementation but the table.
 */
export function referenceMoments(
  t: EventTable,
  ttlMs: number,
  ttlFrom: "last-activity" | "item-added" = "last-activity",
): ReferenceMoment[] {
  const out: ReferenceMoment[] = [];
  for (const rows of userRuns(t)) {
    // pass 1: the cart after each event, where things expired, where items were added
    let cart: { item: number; value: number; addedAt: number }[] = [];
    let lastCart = -Infinity;
    const expiries: Expiry[] = [];
    const emptyAfterExpiry: boolean[] = [];
    const added: boolean[] = [];
    rows.forEach((i, p) => {
      const ts = t.ts[i];
      const gone =
        ttlFrom === "last-activity"
          ? cart.length > 0 && ts - lastCart > ttlMs
            ? cart
            : []
          : cart.filter((e) => ts - e.addedAt > ttlMs);
      if (gone.length > 0) expiries.push({ position: p, items: gone, lastCart });
      cart = cart.filter((e) => !gone.includes(e));
      emptyAfterExpiry.push(cart.length === 0);
      const kind = t.kind[i];
      added.push(kind === EventKind.cart_add);
      if (kind === EventKind.cart_add) {
        const raw = t.price[i] * Math.max(1, t.quantity[i]);
        const value = raw > 0 ? raw : 0;
        const old = cart.find((e) => e.item === t.item[i]);
        if (old) cart = cart.map((e) => (e === old ? { item: e.item, value: e.value + value, addedAt: ts } : e));
        else cart = [...cart, { item: t.item[i], value, addedAt: ts }];
        lastCart = ts;
      } else if (kind === EventKind.cart_remove || kind === EventKind.purchase) {
        const held = cart.some((e) => e.item === t.item[i]);
        cart = cart.filter((e) => e.item !== t.item[i]);
        // buying an item that is not in the cart (buy now) is no cart activity
        if (held || kind === EventKind.cart_remove) lastCart = ts;
      }
    });
    // pass 2: the definition, asked at every session start
    let lastMoment = -1;
    for (let p = 1; p < rows.length; p++) {
      if (t.session[rows[p]] === t.session[rows[p - 1]] || !emptyAfterExpiry[p]) continue;
      const lastAdd = added.lastIndexOf(true, p - 1);
      const since = expiries.filter((x) => x.position > Math.max(lastAdd, lastMoment) && x.position <= p);
      if (since.length === 0) continue;
      const items = since.flatMap((x) => x.items);
      out.push({
        event: rows[p],
        user: t.user[rows[p]],
        expired: items.map((e) => e.item),
        expiredValue: items.reduce((s, e) => s + e.value, 0),
        lastCartActivity:
          ttlFrom === "last-activity" ? since[since.length - 1].lastCart : Math.max(...items.map((e) => e.addedAt)),
      });
      lastMoment = p;
    }
  }
  return out;
}

/** The row indices of each user's run (the table is sorted by user, then time). */
function userRuns(t: EventTable): number[][] {
  const runs: number[][] = [];
  for (let i = 0; i < t.length; i++) {
    if (i === 0 || t.user[i] !== t.user[i - 1]) runs.push([]);
    runs[runs.length - 1].push(i);
  }
  return runs;
}
