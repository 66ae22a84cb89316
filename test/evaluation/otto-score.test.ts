import { describe, expect, it } from "vitest";
import { ottoScore } from "../../src/evaluation/otto-score.js";
import type { EvalCase } from "../../src/evaluation/eval-case.js";

const typedCase = (clicks: number[], carts: number[], orders: number[]): EvalCase => ({
  id: "s",
  group: 0,
  history: [],
  targets: new Int32Array(0),
  typed: { clicks: Int32Array.from(clicks), carts: Int32Array.from(carts), orders: Int32Array.from(orders) },
  returning: false,
  earlierCart: false,
  targetKind: -1,
});

describe("ottoScore", () => {
  it("ottoScore(lists, k = 2) sums hits per type over the sum of min(k, targets), weighted 0.1 / 0.3 / 0.6", () => {
    // list stride 3, cut at k = 2: case 0 shows [1, 2 | 3], case 1 shows [4, -1 | 5]
    const lists = Int32Array.from([1, 2, 3, 4, -1, 5]);
    const cases = [
      typedCase([2], [1, 3, 7], []), // click hit; carts: 1 of min(2, 3) = 2 (3 is past k)
      typedCase([5], [4], [4, 6]), // click miss (5 is past k); carts 1 of 1; orders 1 of min(2, 2)
    ];
    const s = ottoScore(lists, 3, 2, cases);
    expect(s.clicks).toBeCloseTo(1 / 2, 15);
    expect(s.carts).toBeCloseTo(2 / 3, 15); // (1 + 1) / (2 + 1)
    expect(s.orders).toBeCloseTo(1 / 2, 15); // case 0 has no orders: no room
    expect(s.score).toBeCloseTo(0.1 / 2 + 0.3 * (2 / 3) + 0.6 / 2, 15);
  });

  it("ottoScore counts a hit on item code 0 and none on padding", () => {
    const s = ottoScore(Int32Array.from([0, -1]), 2, 2, [typedCase([0], [], [])]);
    expect(s.clicks).toBe(1);
  });

  it("ottoScore skips cases without typed targets and gives 0 for a type no case has", () => {
    const untyped = { ...typedCase([], [], []), typed: undefined };
    const s = ottoScore(Int32Array.from([1, 2, 1, 2]), 2, 2, [untyped, typedCase([1], [], [])]);
    expect(s).toEqual({ clicks: 1, carts: 0, orders: 0, score: 0.1 });
  });
});
