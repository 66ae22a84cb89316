import { Dictionary } from "../../src/data/dictionary.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import { seeded } from "../helpers.js";

const HOUR = 3_600_000;

/**
 * Random carts of a few users: gaps from minutes to days on a 6-hour grid (so that returns land exactly on the 24 h
 * boundary), log session ids that sometimes span a long gap (carts then expire mid-session), few items (removes and
 * purchases often hit the cart), prices with gaps and quantities 0-3.
 */
export function randomCarts(seed: number, users: number, eventsPerUser: number): EventTable {
  const rnd = seeded(seed);
  const kinds = [EventKind.view, EventKind.view, EventKind.cart_add, EventKind.cart_add, EventKind.cart_remove];
  const cols = { ts: [] as number[], user: [] as number[], session: [] as number[], item: [] as number[] };
  const kind: number[] = [];
  const price: number[] = [];
  const quantity: number[] = [];
  let session = -1;
  for (let u = 0; u < users; u++) {
    let ts = 1_700_000_000_000;
    const n = 1 + Math.floor(rnd() * eventsPerUser);
    for (let e = 0; e < n; e++) {
      const gap = rnd() < 0.35 ? Math.floor(rnd() * 13) * 6 * HOUR : Math.floor(rnd() * 20) * 60_000;
      ts += gap;
      if (e === 0 || (gap > 30 * 60_000 && rnd() < 0.85) || rnd() < 0.05) session++;
      cols.ts.push(ts);
      cols.user.push(u);
      cols.session.push(session);
      cols.item.push(Math.floor(rnd() * 6));
      kind.push(rnd() < 0.08 ? EventKind.purchase : kinds[Math.floor(rnd() * kinds.length)]);
      price.push(rnd() < 0.2 ? NaN : Math.round(rnd() * 5000) / 100);
      quantity.push(Math.floor(rnd() * 4));
    }
  }
  const n = cols.ts.length;
  const dict = (size: number, prefix: string) =>
    Dictionary.fromStrings(Array.from({ length: size }, (_, i) => `${prefix}${i}`));
  return {
    length: n,
    ts: Float64Array.from(cols.ts),
    user: Int32Array.from(cols.user),
    session: Int32Array.from(cols.session),
    item: Int32Array.from(cols.item),
    kind: Uint8Array.from(kind),
    price: Float64Array.from(price),
    quantity: Int32Array.from(quantity),
    category: new Int32Array(n).fill(-1),
    order: new Int32Array(n).fill(-1),
    dicts: {
      user: dict(users, "u"),
      session: dict(session + 1, "s"),
      item: dict(6, "i"),
      category: new Dictionary(),
      order: new Dictionary(),
    },
  };
}
