import { describe, expect, it } from "vitest";
import { offPolicy } from "../../src/replay/off-policy.js";
import type { LoggedSlate } from "../../src/io/read-exposures.js";
import { seeded } from "../helpers.js";

/**
 * A controlled world: 40 candidate items with known click chances; a logging policy shows 4 of
 * them uniformly at random (propensity 4/40); the new policy always shows items 0..3. Its true value
 * is the sum of their click chances.
 */
function world(views: number, seed: number) {
  const rnd = seeded(seed);
  const pClick = Float64Array.from({ length: 40 }, (_, i) => 0.02 + 0.25 * Math.exp(-i / 6));
  const slates: LoggedSlate[] = [];
  for (let v = 0; v < views; v++) {
    const pool = Array.from({ length: 40 }, (_, i) => i);
    for (let i = 0; i < 4; i++) {
      const j = i + Math.floor(rnd() * (40 - i));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    const items = Int32Array.from(pool.slice(0, 4));
    const click = Uint8Array.from(items, (i) => (rnd() < pClick[i] ? 1 : 0));
    slates.push({
      user: v,
      ts: v,
      event: v,
      items,
      propensity: new Float64Array(4).fill(0.1),
      click,
      order: Uint8Array.from(click, (c) => (c && rnd() < 0.3 ? 1 : 0)),
    });
  }
  const newSlates = slates.map(() => Int32Array.from([0, 1, 2, 3]));
  const truth = pClick[0] + pClick[1] + pClick[2] + pClick[3];
  const loggingTruth = (pClick.reduce((a, b) => a + b, 0) * 4) / 40;
  return { slates, newSlates, truth, loggingTruth, group: Int32Array.from(slates, (_, v) => v) };
}

describe("offPolicy", () => {
  it("offPolicy(...) estimates the new policy's clicks within their intervals, and the logging policy's own value", () => {
    const w = world(20_000, 3);
    const r = offPolicy(w.slates, w.newSlates, "click", w.group, w.slates.length, {
      resamples: 300,
      level: 0.95,
      seed: 1,
    });
    for (const name of ["replay", "ips", "snips", "dr"] as const) {
      const e = r.estimates[name];
      expect(e.low, name).toBeLessThanOrEqual(w.truth);
      expect(e.high, name).toBeGreaterThanOrEqual(w.truth);
      expect(Math.abs(e.value - w.truth) / w.truth, name).toBeLessThan(0.15);
    }
    expect(Math.abs(r.logging.value - w.loggingTruth) / w.loggingTruth).toBeLessThan(0.1);
    expect(r.liftOverLogging.low).toBeGreaterThan(0); // the new policy shows the best items
    expect(r.overlap).toBeCloseTo(0.1, 1);
  });

  it("offPolicy intervals cover the truth in most of several seeds (the fast version of the validity benchmark)", () => {
    let covered = 0;
    for (let seed = 10; seed < 20; seed++) {
      const w = world(3000, seed);
      const e = offPolicy(w.slates, w.newSlates, "click", w.group, w.slates.length, {
        resamples: 200,
        level: 0.95,
        seed,
      }).estimates.dr;
      if (e.low <= w.truth && w.truth <= e.high) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(8);
  });
});

describe("estimatorValidity", () => {
  it("on simulated shops, the unbiased estimators' intervals hold the true value of a new policy (a few seeds of bench:replay-validity)", async () => {
    const { estimatorValidity } = await import("../../src/pipeline/replay-validity.js");
    const { tempDir } = await import("../helpers.js");
    const r = await estimatorValidity({ seeds: [1, 2, 3], dir: tempDir().dir, resamples: 200 });
    expect(r.views).toBeGreaterThan(1000);
    for (const name of ["replay", "ips", "snips", "dr"] as const) {
      expect(r.estimators[name].coverage, name).toBeGreaterThanOrEqual(2 / 3);
      expect(Math.abs(r.estimators[name].bias) / r.truthPerView, name).toBeLessThan(0.1);
    }
  }, 60_000);
});
