import { describe, expect, it } from "vitest";
import { memoryEstimate } from "../../src/models/covis/memory-estimate.js";
import { duckdbMemoryPlan } from "../../src/engines/duckdb-covis.js";

const table = (events: number, items: number) => ({ length: events, dicts: { item: { size: items } } }) as never;

describe("memoryEstimate (--engine auto)", () => {
  it("memoryEstimate(1M events, 10k items, k 50) is 240 MB + 57.2 bytes an event + 17.3 per item and neighbour", () => {
    // 240e6 + 57.2e6 + 17.3 x 500k
    expect(memoryEstimate(table(1e6, 1e4), { k: 50, matrices: 1, halfLife: false })).toBeCloseTo(305.85e6, 0);
    // a half-life adds 8 bytes an event; three matrices three lists
    expect(memoryEstimate(table(1e6, 1e4), { k: 50, matrices: 1, halfLife: true })).toBeCloseTo(313.85e6, 0);
    expect(memoryEstimate(table(1e6, 1e4), { k: 50, matrices: 3, halfLife: false })).toBeCloseTo(323.15e6, 0);
  });

  // peaks measured by /usr/bin/time on synthetic shops (bench/scale-data.mjs), KB; docs/scale-out.md
  const measured: [events: number, items: number, kb: number[]][] = [
    [1e6, 1e4, [242_488, 238_724]],
    [3e6, 3e4, [362_672, 365_432, 361_884]],
    [3e6, 3e5, [569_128]],
    [10e6, 1e5, [705_604, 700_936, 783_296, 785_432, 781_216]],
    [30e6, 3e5, [1_873_276]],
  ];
  for (const [events, items, kb] of measured)
    it(`memoryEstimate(${events / 1e6}M events, ${items / 1e3}k items) is above every measured peak, by at most 40%`, () => {
      const estimate = memoryEstimate(table(events, items), { k: 50, matrices: 1, halfLife: false });
      for (const peak of kb) {
        expect(estimate).toBeGreaterThan(peak * 1024 * 1.05);
        expect(estimate).toBeLessThan(peak * 1024 * 1.4);
      }
    });
});

describe("duckdbMemoryPlan (--engine duckdb)", () => {
  it("duckdbMemoryPlan(10M events, 1GB) leaves the room of 32 buckets for 137.6M position pairs, as before", () => {
    const { smallest, room } = duckdbMemoryPlan(10e6, 1e9);
    expect(smallest).toBe(96 * 2 ** 20 + 40e6);
    expect(room).toBe(1e9 - 96 * 2 ** 20 - 480e6);
    expect(Math.ceil((137.6e6 * 96) / room)).toBe(32);
  });

  it("duckdbMemoryPlan(100M events, 4GB) is workable: the numbered events spill beyond 60% of the limit", () => {
    const { smallest, room } = duckdbMemoryPlan(100e6, 4e9);
    expect(smallest).toBe(96 * 2 ** 20 + 400e6);
    expect(room).toBeCloseTo(0.4 * (4e9 - 96 * 2 ** 20), 3);
  });
});
