import { describe, expect, it } from "vitest";
import { pairedBootstrap, pairedBootstraps } from "../../src/stats/bootstrap.js";
import { seeded } from "../helpers.js";

describe("pairedBootstraps: several bootstraps with one pass of draws", () => {
  const rnd = seeded(7);
  const cases = 30_000;
  const groups = 20_000;
  // users with one to several cases, 0/1 series (hits) and whole counts: the kinds of all calls together (at most
  // 5 x 2^4 x 2 x 11 x 2 of them) stay under a quarter of the groups, so the shared pass is what runs
  const groupOf = Int32Array.from({ length: cases }, (_, c) => (c < groups ? c : Math.floor(rnd() * groups)));
  const hit = (p: number) => Float64Array.from({ length: cases }, () => (rnd() < p ? 1 : 0));
  const calls = [
    {
      series: [hit(0.1), hit(0.2), hit(0.15), hit(0.3)],
      pairs: [[2, 0] as [number, number], [3, 1] as [number, number]],
    },
    { series: [hit(0.05), Float64Array.from({ length: cases }, () => Math.floor(rnd() * 3))], pairs: [] },
    { series: [hit(0.4)], pairs: [], ratios: [[0, 0] as [number, number]] },
  ];
  const o = { resamples: 200, level: 0.95, seed: 11 };

  it("pairedBootstraps(calls) gives each call exactly what pairedBootstrap gives it alone (same seed, same groups)", () => {
    const together = pairedBootstraps(calls, groupOf, groups, o);
    expect(together).toEqual(calls.map((c) => pairedBootstrap(c.series, groupOf, groups, { ...o, ...c })));
    expect(together[0].means[0].high).toBeGreaterThan(together[0].means[0].low);
  });

  it("pairedBootstraps(calls with fractional values) falls back to one bootstrap per call, the same results", () => {
    const fractional = [...calls, { series: [Float64Array.from({ length: cases }, () => rnd())], pairs: [] }];
    expect(pairedBootstraps(fractional, groupOf, groups, o)).toEqual(
      fractional.map((c) => pairedBootstrap(c.series, groupOf, groups, { ...o, ...c })),
    );
  });

  it("pairedBootstraps(calls over fewer than 64 groups) gives each call pairedBootstrap's result", () => {
    const few = Int32Array.from(groupOf, (g) => g % 10);
    expect(pairedBootstraps(calls, few, 10, o)).toEqual(
      calls.map((c) => pairedBootstrap(c.series, few, 10, { ...o, ...c })),
    );
  });
});
