import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { incompleteBeta, incompleteGamma, logGamma, upperIncompleteGamma } from "../../src/stats/special-functions.js";
import { REPO } from "../helpers.js";

/** Values from mpmath at 50 digits (test/fixtures/stats/make-special-functions.py), down to 1e-290. */
const ref = JSON.parse(readFileSync(join(REPO, "test/fixtures/stats/special-functions.json"), "utf8")) as {
  incompleteBeta: [number, number, number, number][];
  upperIncompleteGamma: [number, number, number][];
  logGamma: [number, number][];
};

// Numerical Recipes' six-term Lanczos series is good to about 2e-10 (relative), and that error carries into both
// incomplete functions through their prefactor exp(... - logGamma(...)).
const within = (got: number, want: number, rel: number) => Math.abs(got - want) <= rel * Math.max(Math.abs(want), 1);
const withinRelative = (got: number, want: number, rel: number) => Math.abs(got - want) <= rel * want;

describe("special functions against arbitrary-precision values", () => {
  it("logGamma(x) is within 2e-10 of mpmath's, from 0.5 to 1e5", () => {
    for (const [x, want] of ref.logGamma) expect(within(logGamma(x), want, 2e-10), `logGamma(${x})`).toBe(true);
  });

  it(`incompleteBeta(x, a, b) is within 1e-9 (relative) of mpmath's over a from 0.5 to 5000 and b from 0.5 to 200`, () => {
    expect(ref.incompleteBeta.length).toBeGreaterThan(250);
    for (const [x, a, b, want] of ref.incompleteBeta)
      expect(withinRelative(incompleteBeta(x, a, b), want, 1e-9), `I_${x}(${a}, ${b}) = ${want}`).toBe(true);
  });

  it("upperIncompleteGamma(a, x) is within 1e-9 (relative) of mpmath's on both sides of x = a + 1, and P = 1 - Q", () => {
    expect(ref.upperIncompleteGamma.length).toBeGreaterThan(50);
    for (const [a, x, want] of ref.upperIncompleteGamma) {
      expect(withinRelative(upperIncompleteGamma(a, x), want, 1e-9), `Q(${a}, ${x}) = ${want}`).toBe(true);
      expect(incompleteGamma(a, x)).toBeCloseTo(1 - want, 9);
    }
  });

  it("the ends: I_0 = 0, I_1 = 1 (and beyond), Q(a, 0) = 1, P(a, 0) = 0", () => {
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(-0.5, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
    expect(incompleteBeta(1.5, 2, 3)).toBe(1);
    expect(upperIncompleteGamma(2, 0)).toBe(1);
    expect(upperIncompleteGamma(2, -1)).toBe(1);
    expect(incompleteGamma(2, 0)).toBe(0);
  });
});
