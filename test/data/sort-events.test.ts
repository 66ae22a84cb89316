import { describe, expect, it } from "vitest";
import { permute, sortByUserTime } from "../../src/data/sort-events.js";

/** A small deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The oracle: indices sorted by user, then time, then input index. */
function naiveOrder(user: Int32Array, ts: Float64Array): number[] {
  return Array.from(user, (_, i) => i).sort((a, b) => user[a] - user[b] || ts[a] - ts[b] || a - b);
}

describe("sortByUserTime", () => {
  it("sortByUserTime(user, ts, n, users) orders by user code, then time, then input order", () => {
    const user = Int32Array.from([1, 0, 1, 0, 1, 0]);
    const ts = Float64Array.from([30, 20, 10, 20, 10, 5]);
    // user 0: #5 (5), #1 (20), #3 (20, later in input); user 1: #2 (10), #4 (10), #0 (30)
    expect(Array.from(sortByUserTime(user, ts, 6, 2))).toEqual([5, 1, 3, 2, 4, 0]);
  });

  it("sortByUserTime(...) keeps a user's events in input order when they already arrive in time order", () => {
    const user = Int32Array.from([0, 1, 0, 1, 0]);
    const ts = Float64Array.from([1, 1, 2, 2, 2]);
    expect(Array.from(sortByUserTime(user, ts, 5, 2))).toEqual([0, 2, 4, 1, 3]);
  });

  it("sortByUserTime(...) sorts only the first `length` events and leaves users without events out", () => {
    const user = Int32Array.from([2, 0, 2, 9, 9]);
    const ts = Float64Array.from([5, 1, 4, 0, 0]);
    expect(Array.from(sortByUserTime(user, ts, 3, 4))).toEqual([1, 2, 0]);
  });

  it("sortByUserTime(...) agrees with a naive sort on random data with many ties", () => {
    for (const [seed, n, users, times] of [
      [1, 1, 1, 1],
      [2, 50, 3, 5],
      [3, 1000, 40, 30],
      [4, 5000, 1000, 1_000_000],
      [5, 20_000, 7, 100],
    ]) {
      const r = rng(seed);
      const user = Int32Array.from({ length: n }, () => Math.floor(r() * users));
      // mostly increasing times (as in logs), with some events out of order and repeated stamps
      const ts = Float64Array.from({ length: n }, (_, i) =>
        r() < 0.8 ? Math.floor((i / n) * times) : Math.floor(r() * times),
      );
      const got = Array.from(sortByUserTime(user, ts, n, users));
      expect(got, `seed ${seed}`).toEqual(naiveOrder(user, ts));
    }
  });

  it("permute(src, order, make) gathers src in the given order into a new array of the same type", () => {
    const out = permute(Float64Array.from([1.5, 2.5, 3.5]), Int32Array.from([2, 0]), (m) => new Float64Array(m));
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual([3.5, 1.5]);
  });
});
