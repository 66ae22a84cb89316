import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { EventColumns } from "../../src/data/event-columns.js";
import type { EventDictionaries } from "../../src/data/event-table.js";
import { assembleTable } from "../../src/ingest/assemble-table.js";
import { seeded } from "../helpers.js";

const COLUMNS = ["ts", "user", "session", "item", "kind", "price", "quantity", "category", "order"] as const;

/** Random events in arrival order, with the columns grown past their length (as an ingest leaves them). */
function randomColumns(n: number, seed: number): { cols: EventColumns; dicts: EventDictionaries } {
  const r = seeded(seed);
  const dicts: EventDictionaries = {
    user: Dictionary.fromStrings(Array.from({ length: 40 }, (_, u) => `u${u}`)),
    session: Dictionary.fromStrings(Array.from({ length: 90 }, (_, s) => `s${s}`)),
    item: new Dictionary(),
    category: new Dictionary(),
    order: new Dictionary(),
  };
  const cols = new EventColumns(16);
  for (let i = 0; i < n; i++) {
    cols.reserve();
    cols.ts[i] = 1_700_000_000_000 + Math.floor(r() * 50) * 1000; // ties: input order decides
    cols.user[i] = Math.floor(r() * 40);
    cols.session[i] = Math.floor(r() * 90);
    cols.item[i] = Math.floor(r() * 500);
    cols.kind[i] = Math.floor(r() * 5);
    cols.price[i] = r() < 0.2 ? NaN : Math.round(r() * 1000) / 10;
    cols.quantity[i] = 1 + Math.floor(r() * 3);
    cols.category[i] = r() < 0.3 ? -1 : Math.floor(r() * 20);
    cols.order[i] = r() < 0.8 ? -1 : i;
    cols.source[i] = 0;
    cols.line[i] = i + 2;
    cols.length++;
  }
  return { cols, dicts };
}

describe("assembleTable", () => {
  it("sorts every column by user, time, then input order, each into its own memory", () => {
    const { cols, dicts } = randomColumns(5000, 11);
    const n = cols.length;
    const before = Object.fromEntries(COLUMNS.map((k) => [k, Array.from(cols[k].subarray(0, n))]));
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) => before.user[a] - before.user[b] || before.ts[a] - before.ts[b] || a - b,
    );
    const { table } = assembleTable(cols, dicts, 0, 30 * 60_000, () => {});
    expect(table.length).toBe(n);
    for (const k of COLUMNS) expect(Array.from(table[k]), k).toEqual(order.map((i) => before[k][i]));
    // no two columns share memory: writing one changes no other
    for (const k of COLUMNS) table[k].fill(k === "kind" ? 7 : 12345);
    for (const k of COLUMNS)
      expect(
        table[k].every((v) => v === (k === "kind" ? 7 : 12345)),
        k,
      ).toBe(true);
  });
});
