import { Dictionary } from "../../src/data/dictionary.js";
import type { EventTable } from "../../src/data/event-table.js";
import { seeded } from "../helpers.js";

/** A random table already in dataset order (user, then time), with sessions split by 30-minute gaps. */
export function randomTable(seed: number, users: number, items: number, events: number): EventTable {
  const rnd = seeded(seed);
  const rows: { user: number; ts: number; item: number; kind: number }[] = [];
  for (let e = 0; e < events; e++)
    rows.push({
      user: Math.floor(rnd() * users),
      ts: 0,
      item: Math.floor(Math.pow(rnd(), 2) * items),
      kind: [0, 0, 0, 1, 5, 3, 2][Math.floor(rnd() * 7)],
    });
  rows.sort((x, y) => x.user - y.user);
  let t0 = 1_700_000_000_000;
  for (let i = 0; i < rows.length; i++) {
    if (i === 0 || rows[i].user !== rows[i - 1].user) t0 = 1_700_000_000_000 + Math.floor(rnd() * 1e6);
    t0 += Math.floor(rnd() < 0.2 ? rnd() * 40 * 3_600_000 : rnd() * 600_000);
    rows[i].ts = t0;
  }
  const n = rows.length;
  const session = new Int32Array(n);
  let s = -1;
  for (let i = 0; i < n; i++)
    if (i === 0 || rows[i].user !== rows[i - 1].user || rows[i].ts - rows[i - 1].ts > 1_800_000) session[i] = ++s;
    else session[i] = s;
  const dict = (size: number, prefix: string) =>
    Dictionary.fromStrings(Array.from({ length: size }, (_, i) => `${prefix}${i}`));
  return {
    length: n,
    ts: Float64Array.from(rows, (r) => r.ts),
    user: Int32Array.from(rows, (r) => r.user),
    session,
    item: Int32Array.from(rows, (r) => r.item),
    kind: Uint8Array.from(rows, (r) => r.kind),
    price: new Float64Array(n).fill(NaN),
    quantity: new Int32Array(n).fill(1),
    category: new Int32Array(n).fill(-1),
    order: new Int32Array(n).fill(-1),
    dicts: {
      user: dict(users, "u"),
      session: dict(s + 1, "s"),
      item: dict(items, "i"),
      category: new Dictionary(),
      order: new Dictionary(),
    },
  };
}
