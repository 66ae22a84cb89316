import { describe, expect, it } from "vitest";
import { dros, drosCandidates, drosWeight } from "../../src/replay/estimators/dros.js";
import { correctedSeries, tuneShrinkage, type MatchedItems } from "../../src/replay/estimators/matched-items.js";
import { switchCandidates, switchDr, switchWeight } from "../../src/replay/estimators/switch-dr.js";
import { fitLogistic } from "../../src/replay/estimators/reward-model.js";
import { seeded } from "../helpers.js";

const items = (rows: [number, number, number][]): MatchedItems => ({
  view: Int32Array.from(rows, (r) => r[0]),
  weight: Float64Array.from(rows, (r) => r[1]),
  residual: Float64Array.from(rows, (r) => r[2]),
});

/** The naive oracle of the tuning: every candidate's series, variance / n + mean((g(w) - w) residual)^2, the least. */
function naiveTune(
  dm: number[],
  m: [number, number, number][],
  candidates: number[],
  g: (p: number) => (w: number) => number,
) {
  let best = { p: NaN, mse: Infinity };
  for (const p of candidates) {
    const s = [...dm];
    let bias = 0;
    for (const [v, w, r] of m) {
      s[v] += g(p)(w) * r;
      bias += (g(p)(w) - w) * r;
    }
    bias /= dm.length;
    const mean = s.reduce((a, b) => a + b, 0) / s.length;
    const variance = s.reduce((a, b) => a + (b - mean) ** 2, 0) / (s.length - 1);
    const mse = variance / s.length + bias * bias;
    if (mse < best.mse) best = { p, mse };
  }
  return best.p;
}

describe("the shrinkage estimators (Switch-DR, DRos)", () => {
  const dm = [0.1, 0.2, 0.3];
  const rows: [number, number, number][] = [
    [0, 2, 0.5],
    [0, 10, -0.1],
    [2, 4, 0.25],
  ];

  it("correctedSeries(dm, items, g) adds g(w) x residual to each item's view: DR with g(w) = w, by hand", () => {
    const dr = correctedSeries(Float64Array.from(dm), items(rows), (w) => w);
    expect(Array.from(dr)).toEqual([0.1 + 1 - 1, 0.2, 0.3 + 1].map((x) => expect.closeTo(x, 12)));
  });

  it("switchWeight(4) keeps the weights up to 4 and drops those above; drosWeight(4)(2) is 4 x 2 / (4 + 4) = 1", () => {
    expect([1, 4, 4.5, 10].map(switchWeight(4))).toEqual([1, 4, 0, 0]);
    expect(drosWeight(4)(2)).toBeCloseTo(1, 12);
    expect(drosWeight(0)(3)).toBe(0); // the reward model alone
    expect(drosWeight(Infinity)(3)).toBe(3); // DR
    expect(drosWeight(1e12)(3)).toBeCloseTo(3, 9);
  });

  it("tuneShrinkage(...) picks the candidate the naive oracle of variance / n + bias^2 picks", () => {
    const rnd = seeded(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 30;
      const d = Array.from({ length: n }, () => rnd() * 0.2);
      const m: [number, number, number][] = Array.from({ length: 40 }, () => [
        Math.floor(rnd() * n),
        1 + Math.floor(rnd() * 30),
        rnd() < 0.1 ? 1 - rnd() * 0.2 : -rnd() * 0.1,
      ]);
      const candidates = [0, 2, 5, 10, 20, Infinity];
      const got = tuneShrinkage(Float64Array.from(d), items(m), candidates, switchWeight);
      expect(got.parameter).toBe(naiveTune(d, m, candidates, switchWeight));
      const lambdas = drosCandidates(items(m));
      expect(tuneShrinkage(Float64Array.from(d), items(m), lambdas, drosWeight).parameter).toBe(
        naiveTune(d, m, lambdas, drosWeight),
      );
    }
  });

  it("switchDr and dros keep DR when the reward model is off by a constant on every item (the bias dominates)", () => {
    // every residual is +0.5 at weight 2: dropping the correction would cost 0.5 x 2 per view in bias
    const n = 200;
    const m: [number, number, number][] = Array.from({ length: n }, (_, v) => [v, 2, 0.5]);
    const d = new Float64Array(n).fill(0.1);
    expect(switchDr(d, items(m)).tau).toBeGreaterThanOrEqual(2);
    expect(switchDr(d, items(m)).series[0]).toBeCloseTo(1.1, 12);
    const shrunk = dros(d, items(m));
    expect(drosWeight(shrunk.lambda)(2)).toBeGreaterThan(1.99);
  });

  it("switchDr and dros fall back to the reward model when one huge weight carries a residual of pure noise", () => {
    // residuals average 0 (no model bias), one item at weight 1,000: the correction only adds variance
    const n = 50;
    const m: [number, number, number][] = [
      [0, 1000, 0.5],
      [1, 1000, -0.5],
    ];
    for (let v = 2; v < n; v++) m.push([v, 1.5, v % 2 ? 0.01 : -0.01]);
    const d = new Float64Array(n).fill(0.1);
    const s = switchDr(d, items(m));
    expect(s.tau).toBeLessThan(1000);
    expect(Math.abs(s.series[0] - 0.1)).toBeLessThan(1e-12);
    const r = dros(d, items(m));
    expect(drosWeight(r.lambda)(1000)).toBeLessThan(100);
  });
});

describe("the shrinkage estimators' candidate parameters", () => {
  const weights = (w: number[]) => items(w.map((x, v) => [v, x, 0.1]));

  it("switchCandidates tries 0, each distinct weight in order, and never switching: [3, 1, 2, 2] gives 0 1 2 3 3 inf", () => {
    expect(switchCandidates(weights([3, 1, 2, 2]))).toEqual([0, 1, 2, 3, 3, Infinity]);
    expect(switchCandidates(weights([]))).toEqual([0, Infinity]);
  });

  it("switchCandidates thins 101 distinct weights to every third (ceil(101 / 40)) and always keeps the largest", () => {
    // weights 1..101, shuffled: sorted, then indices 0, 3, ..., 99 (values 1, 4, ..., 100), then 101
    const rnd = seeded(3);
    const w = Array.from({ length: 101 }, (_, x) => x + 1).sort(() => rnd() - 0.5);
    const kept = Array.from({ length: 34 }, (_, x) => 1 + 3 * x);
    expect(switchCandidates(weights(w))).toEqual([0, ...kept, 101, Infinity]);
  });

  it("drosCandidates doubles lambda from 0.01 up to 100 x the largest w^2 (at least 1): 0, 0.01 ... 655.36, inf", () => {
    const grid = (top: number) => Array.from({ length: top + 1 }, (_, i) => 0.01 * 2 ** i);
    // largest w^2 = 9: lambda up to 900, so 0.01 x 2^16 = 655.36 is the last
    expect(drosCandidates(weights([2, 3]))).toEqual([0, ...grid(16), Infinity]);
    // weights below 1: w^2 counts as 1, lambda up to 100, 0.01 x 2^13 = 81.92
    expect(drosCandidates(weights([0.5]))).toEqual([0, ...grid(13), Infinity]);
  });

  it("switchDr and dros with no matched items return the reward model's values and the no-shrinkage parameter", () => {
    const d = Float64Array.of(0.1, 0.2);
    expect(switchDr(d, items([]))).toEqual({ tau: Infinity, series: d });
    expect(dros(d, items([]))).toEqual({ lambda: Infinity, series: d });
  });

  it("tuneShrinkage over one view has no variance to estimate: it picks the candidate with no bias (tau = 5)", () => {
    const got = tuneShrinkage(Float64Array.of(0.2), items([[0, 5, 0.3]]), [0, 5, Infinity], switchWeight);
    // tau 0 drops the correction: bias (0 - 5) x 0.3 = -1.5; tau 5 keeps it: bias 0, series 0.2 + 1.5
    expect(got.parameter).toBe(5);
    expect(got.series[0]).toBeCloseTo(1.7, 12);
  });
});

describe("fitLogistic", () => {
  it("fitLogistic on one binary feature gives the two groups' rates (30 of 100 and 10 of 100), ridge aside", () => {
    const rows: number[] = [];
    const ys: number[] = [];
    for (let x = 0; x < 100; x++) {
      rows.push(1, 1);
      ys.push(x < 30 ? 1 : 0);
      rows.push(1, 0);
      ys.push(x < 10 ? 1 : 0);
    }
    const beta = fitLogistic(Float64Array.from(rows), 2, ys, 0);
    const logit = (p: number) => Math.log(p / (1 - p));
    expect(beta[0]).toBeCloseTo(logit(0.1), 8);
    expect(beta[1]).toBeCloseTo(logit(0.3) - logit(0.1), 8);
  });
});
