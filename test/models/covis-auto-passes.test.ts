import { describe, expect, it } from "vitest";
import { autoPasses, PASS_BUDGET_BYTES } from "../../src/models/covis/covis-neighbours.js";

/** Events and timelines from lists of item codes, one list per timeline. */
function timelinesOf(lists: number[][]) {
  const items = lists.flat();
  const offsets = [0];
  for (const l of lists) offsets.push(offsets[offsets.length - 1] + l.length);
  return {
    t: { item: Int32Array.from(items), ts: new Float64Array(items.length), kind: new Uint8Array(items.length) },
    tl: { events: Int32Array.from(items, (_, i) => i), offsets: Int32Array.from(offsets) },
  };
}

const range = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);

/**
 * Timelines whose pair bound is known by hand, maxGap 2,000:
 * - one event: no pair (g = min(2000, 0) = 0);
 * - items 1..1000 twice (L 2,000, g 1,999): the position bound 2 (g L - g (g + 1) / 2) = 3,998,000 exceeds the
 *   distinct bound 1000 * 999 = 999,000, which counts;
 * - 23,120 distinct items (g 2,000 < L - 1): the position bound 2,000 (2 L - 2,001) = 88,478,000 counts;
 * - 39 distinct items: 39 * 38 = 1,482 both ways;
 * - `twos` timelines of two distinct items: 2 each.
 * Total 89,478,482 + 2 twos. The budget holds 2^30 / 12 = 89,478,485.3 pairs.
 */
function boundary(twos: number) {
  const lists = [[0], [...range(1, 1000), ...range(1, 1000)], range(2000, 23_120), range(30_000, 39)];
  for (let x = 0; x < twos; x++) lists.push([40_000 + 2 * x, 40_001 + 2 * x]);
  return timelinesOf(lists);
}

describe("autoPasses", () => {
  it("the budget holds 89,478,485 pairs of 12 bytes", () => {
    expect(Math.floor(PASS_BUDGET_BYTES / 12)).toBe(89_478_485);
  });

  it("autoPasses(pairs bounded at 89,478,484) is 1 pass: 12 bytes each fit the budget", () => {
    const { t, tl } = boundary(1);
    expect(autoPasses(t, tl, 40_010, 2000)).toBe(1);
  });

  it("autoPasses(pairs bounded at 89,478,486) is 2 passes: 8 bytes over the budget", () => {
    const { t, tl } = boundary(2);
    expect(autoPasses(t, tl, 40_010, 2000)).toBe(2);
  });

  it("autoPasses(no pairs: single events, repeats of one item) is 1 pass", () => {
    const { t, tl } = timelinesOf([[3], [2, 2, 2], [1]]);
    expect(autoPasses(t, tl, 4, 30)).toBe(1);
    const none = timelinesOf([]);
    expect(autoPasses(none.t, none.tl, 4, 30)).toBe(1);
  });

  it("autoPasses(3 budgets and a pair) is 4 passes: 9,460 distinct items and maxGap past the length", () => {
    // each timeline bounds 9,460 * 9,459 = 89,482,140 pairs (just over a budget); three of them 268,446,420, whose
    // 3,221,357,040 bytes are 3.0001 budgets
    const one = range(0, 9460);
    const { t, tl } = timelinesOf([one, one, one]);
    expect(autoPasses(t, tl, 9460, 1_000_000)).toBe(4);
  });
});
