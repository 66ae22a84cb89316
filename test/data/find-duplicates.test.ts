import { describe, expect, it } from "vitest";
import { findDuplicates, type DuplicateColumns } from "../../src/data/find-duplicates.js";
import { sortByUserTime } from "../../src/data/sort-events.js";

type Ev = {
  user: number;
  ts: number;
  item: number;
  kind?: number;
  session?: number;
  price?: number;
  quantity?: number;
  category?: number;
  order?: number;
};

function columns(events: Ev[]): DuplicateColumns {
  const col = <T extends Int32Array | Float64Array | Uint8Array>(make: (n: number) => T, f: (e: Ev) => number) => {
    const a = make(events.length);
    events.forEach((e, i) => (a[i] = f(e)));
    return a;
  };
  return {
    user: col(
      (n) => new Int32Array(n),
      (e) => e.user,
    ),
    ts: col(
      (n) => new Float64Array(n),
      (e) => e.ts,
    ),
    item: col(
      (n) => new Int32Array(n),
      (e) => e.item,
    ),
    kind: col(
      (n) => new Uint8Array(n),
      (e) => e.kind ?? 0,
    ),
    session: col(
      (n) => new Int32Array(n),
      (e) => e.session ?? -1,
    ),
    price: col(
      (n) => new Float64Array(n),
      (e) => e.price ?? NaN,
    ),
    quantity: col(
      (n) => new Int32Array(n),
      (e) => e.quantity ?? 1,
    ),
    category: col(
      (n) => new Int32Array(n),
      (e) => e.category ?? -1,
    ),
    order: col(
      (n) => new Int32Array(n),
      (e) => e.order ?? -1,
    ),
  };
}

/** Indices flagged as duplicates, with events [0, from) already in the dataset. */
function duplicates(events: Ev[], from: number): number[] {
  const c = columns(events);
  const users = Math.max(...events.map((e) => e.user)) + 1;
  const dup = findDuplicates(c, sortByUserTime(c.user, c.ts, events.length, users), from);
  return Array.from(dup.keys()).filter((i) => dup[i]);
}

describe("findDuplicates", () => {
  it("findDuplicates(c, order, from) flags new events equal to an old one in every field", () => {
    const old: Ev[] = [
      { user: 0, ts: 1000, item: 5, session: 0, price: 9.99, category: 2 },
      { user: 1, ts: 1000, item: 5, kind: 1 },
    ];
    const fresh: Ev[] = [
      { user: 0, ts: 1000, item: 5, session: 0, price: 9.99, category: 2 }, // 2: same as 0
      { user: 1, ts: 1000, item: 5, kind: 1 }, // 3: same as 1
      { user: 0, ts: 1001, item: 5, session: 0, price: 9.99, category: 2 }, // 4: one ms later
    ];
    expect(duplicates([...old, ...fresh], 2)).toEqual([2, 3]);
  });

  it("findDuplicates(...) does not flag an event that differs in one field", () => {
    const base: Ev = {
      user: 0,
      ts: 5000,
      item: 1,
      kind: 0,
      session: 3,
      price: 2.5,
      quantity: 1,
      category: 4,
      order: 6,
    };
    const variants: Ev[] = [
      { ...base, item: 2 },
      { ...base, kind: 5 },
      { ...base, session: 7 },
      { ...base, price: 2.51 },
      { ...base, price: NaN },
      { ...base, quantity: 2 },
      { ...base, category: -1 },
      { ...base, order: 8 },
      { ...base, user: 1 },
    ];
    expect(duplicates([base, ...variants], 1)).toEqual([]);
  });

  it("findDuplicates(...) treats unknown prices as equal and a missing session as matching any session", () => {
    const events: Ev[] = [
      { user: 0, ts: 10, item: 1, session: 4 }, // old, price unknown
      { user: 0, ts: 10, item: 1, session: -1 }, // new, no session yet (to be derived): duplicate
      { user: 0, ts: 10, item: 1, session: 4, price: NaN }, // new: duplicate
    ];
    expect(duplicates(events, 1)).toEqual([1, 2]);
  });

  it("findDuplicates(...) keeps repeats among the new events themselves (two identical views can be real)", () => {
    const events: Ev[] = [
      { user: 0, ts: 1, item: 1 }, // old
      { user: 0, ts: 2, item: 1 }, // new
      { user: 0, ts: 2, item: 1 }, // new, same as the previous new one
    ];
    expect(duplicates(events, 1)).toEqual([]);
  });

  it("findDuplicates(...) finds duplicates whatever the input order, and flags every new copy of an old event", () => {
    const events: Ev[] = [
      { user: 2, ts: 30, item: 9 }, // old
      { user: 0, ts: 50, item: 8 }, // old
      { user: 0, ts: 50, item: 8 }, // 2: new copy
      { user: 2, ts: 30, item: 9 }, // 3: new copy
      { user: 2, ts: 30, item: 9 }, // 4: second new copy
      { user: 2, ts: 29, item: 9 }, // new, earlier
    ];
    expect(duplicates(events, 2)).toEqual([2, 3, 4]);
  });
});
