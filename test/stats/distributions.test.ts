import { describe, expect, it } from "vitest";
import { normalCdf, normalQuantile, twoSidedP } from "../../src/stats/normal.js";
import { studentTQuantile, studentTTwoSidedP } from "../../src/stats/student-t.js";
import { chiSquareSf } from "../../src/stats/chi-square.js";

// Reference values: closed forms where they exist (t with 1 and 2 df, chi-square with 2 df), else printed tables.
describe("distributions", () => {
  it("normalCdf(z) and normalQuantile(p) match the table (1.96 -> 0.975, 0.8 -> 0.841621)", () => {
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 9);
    expect(normalCdf(-3)).toBeCloseTo(0.001349898, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.8)).toBeCloseTo(0.8416212336, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 7);
    expect(twoSidedP(2)).toBeCloseTo(0.0455002639, 8);
  });

  it("studentTTwoSidedP(t, df) equals the closed forms for 1 df (1 - 2 atan(t) / pi) and 2 df (1 - t / sqrt(2 + t^2))", () => {
    for (const t of [0.3, 1, 2.5, 12.7062047]) {
      expect(studentTTwoSidedP(t, 1)).toBeCloseTo(1 - (2 * Math.atan(t)) / Math.PI, 10);
      expect(studentTTwoSidedP(t, 2)).toBeCloseTo(1 - t / Math.sqrt(2 + t * t), 10);
    }
  });

  it("studentTQuantile(0.975, df) is the textbook critical value (12.7062 at 1, 2.2281 at 10, 1.96 at Infinity)", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062047, 5);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138852, 7);
    expect(studentTQuantile(0.025, 30)).toBeCloseTo(-2.042272456, 7);
    expect(studentTQuantile(0.975, Infinity)).toBeCloseTo(1.959963985, 6);
  });

  it("chiSquareSf(x, df) is exp(-x / 2) at 2 df and 0.05 at the 1-df critical value 3.841459", () => {
    for (const x of [0.1, 1, 5, 20]) expect(chiSquareSf(x, 2)).toBeCloseTo(Math.exp(-x / 2), 10);
    expect(chiSquareSf(3.841458821, 1)).toBeCloseTo(0.05, 8);
    expect(chiSquareSf(7.5, 3)).toBeCloseTo(0.0575584519726364, 8);
    expect(chiSquareSf(0, 1)).toBe(1);
  });
});
