import { describe, expect, it } from "vitest";
import { pairedBootstrap } from "../../src/stats/bootstrap.js";
import { clusteredNewcombe, designEffect } from "../../src/stats/clustered-newcombe.js";
import { wilsonInterval } from "../../src/stats/wilson.js";
import { seeded } from "../helpers.js";

const ids = (n: number) => Int32Array.from({ length: n }, (_, c) => c);

describe("wilsonInterval and designEffect", () => {
  it("wilsonInterval(k, n) gives Wilson's score interval: 1 of 1 is [0.2065, 1], 0 of 10 is [0, 0.2775]", () => {
    // by hand, z = 1.96: centre (p + z²/2n) / (1 + z²/n), half z sqrt(p(1-p)/n + z²/4n²) / (1 + z²/n)
    const [a, b] = wilsonInterval(1, 1);
    expect([a, b]).toEqual([expect.closeTo(0.20655, 4), 1]);
    const [c, d] = wilsonInterval(0, 10);
    expect([c, d]).toEqual([0, expect.closeTo(0.27753, 4)]);
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
  });

  it("designEffect(y, clusters) is 1 for singleton clusters and the cluster size for identical clusters", () => {
    const y = Float64Array.from([1, 0, 1, 0, 1, 0, 0, 0]);
    expect(designEffect(y, ids(8))).toBeCloseTo(1, 12);
    // four clusters of two identical cases: the mean rests on 4 independent values, not 8
    const pairs = Float64Array.from([1, 1, 0, 0, 1, 1, 0, 0]);
    expect(designEffect(pairs, Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]))).toBeCloseTo(2, 12);
    // clusters that mix values (negative intra-cluster correlation) never narrow it below 1; a constant gives 1
    expect(designEffect(y, Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]))).toBe(1);
    expect(designEffect(Float64Array.from([1, 1, 1]), ids(3))).toBe(1);
  });
});

describe("clusteredNewcombe", () => {
  it("clusteredNewcombe on independent cases gives Newcombe's published interval (56/70 - 48/80: 0.0524, 0.3339)", () => {
    // Newcombe (1998), Statistics in Medicine 17:873-890, table II, example (a), method 10
    const arm = (k: number, n: number) => ({
      y: Float64Array.from({ length: n }, (_, c) => (c < k ? 1 : 0)),
      clusterings: [ids(n)],
    });
    const r = clusteredNewcombe(arm(56, 70), arm(48, 80));
    expect(r.difference).toBeCloseTo(0.2, 12);
    expect(r.low).toBeCloseTo(0.0524, 4);
    expect(r.high).toBeCloseTo(0.3339, 4);
    expect(r.designEffects).toEqual([1, 1]);
  });

  it("clusteredNewcombe widens with the design effect: duplicated cases give the interval of the originals", () => {
    const y = Float64Array.from([1, 0, 0, 1, 0, 1, 0, 0, 0, 0]);
    const c = Float64Array.from([0, 0, 1, 0, 0, 0, 0, 0, 0, 0]);
    const once = clusteredNewcombe({ y, clusterings: [ids(10)] }, { y: c, clusterings: [ids(10)] });
    const twice = (a: Float64Array) => Float64Array.from([...a, ...a]);
    const cluster = Int32Array.from([...ids(10), ...ids(10)]);
    const dup = clusteredNewcombe({ y: twice(y), clusterings: [cluster] }, { y: twice(c), clusterings: [cluster] });
    expect(dup.designEffects).toEqual([expect.closeTo(2, 12), expect.closeTo(2, 12)]);
    expect(dup.low).toBeCloseTo(once.low, 12);
    expect(dup.high).toBeCloseTo(once.high, 12);
    // ignoring the duplication would claim twice the information
    const naive = clusteredNewcombe({ y: twice(y), clusterings: [] }, { y: twice(c), clusterings: [] });
    expect(naive.high - naive.low).toBeLessThan(0.8 * (dup.high - dup.low));
  });

  /**
   * A simulated truth like the price-drop comparison at 20,000 users: ~17 treated alerts per shop from 6-11 drops,
   * each drop with its own appeal (0.2 or 0.6: clustered outcomes), two matched controls reused per drop; known
   * rates 0.4 and 0.1 (difference 0.3).
   */
  function shop(rnd: () => number) {
    const drops = 6 + Math.floor(rnd() * 6);
    const yt: number[] = [];
    const yc: number[] = [];
    const drop: number[] = [];
    const control: number[] = [];
    for (let d = 0; d < drops; d++) {
      const appeal = rnd() < 0.5 ? 0.2 : 0.6; // mean 0.4
      const audience = 1 + Math.floor(rnd() * 3);
      const controls = Array.from({ length: 2 }, () => (rnd() < 0.1 ? 1 : 0));
      for (let a = 0; a < audience; a++) {
        yt.push(rnd() < appeal ? 1 : 0);
        const which = Math.floor(rnd() * 2); // matching with replacement: two controls serve the drop's audience
        yc.push(controls[which]);
        drop.push(d);
        control.push(d * 2 + which);
      }
    }
    return {
      yt: Float64Array.from(yt),
      yc: Float64Array.from(yc),
      drop: Int32Array.from(drop),
      control: Int32Array.from(control),
    };
  }

  it("clusteredNewcombe's 95% interval holds a simulated true difference in >= 92% of 1,000 small clustered shops", () => {
    const rnd = seeded(18);
    let covered = 0;
    let independentCovered = 0;
    let bootCovered = 0;
    const shops = 1000;
    for (let s = 0; s < shops; s++) {
      const x = shop(rnd);
      const r = clusteredNewcombe({ y: x.yt, clusterings: [x.drop] }, { y: x.yc, clusterings: [x.control, x.drop] });
      if (r.low <= 0.3 && 0.3 <= r.high) covered++;
      const i = clusteredNewcombe({ y: x.yt, clusterings: [] }, { y: x.yc, clusterings: [] });
      if (i.low <= 0.3 && 0.3 <= i.high) independentCovered++;
      // the interval it replaces: a percentile bootstrap of the difference over the treated cases
      const boot = pairedBootstrap([x.yt, x.yc], ids(x.yt.length), x.yt.length, {
        resamples: 400,
        level: 0.95,
        seed: s + 1,
        pairs: [[0, 1]],
      });
      if (boot.differences[0].low <= 0.3 && 0.3 <= boot.differences[0].high) bootCovered++;
    }
    expect(covered / shops).toBeGreaterThanOrEqual(0.92);
    // ignoring the clusters, or bootstrapping so few cases, holds it less often
    expect(independentCovered).toBeLessThan(covered);
    expect(bootCovered / shops).toBeLessThan(0.9);
  });
});
