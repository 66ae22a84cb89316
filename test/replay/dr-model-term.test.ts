import { describe, expect, it } from "vitest";
import {
  MODEL_TERM_KAPPA,
  drWithModelTerm,
  neededKappa,
  unsupportedModelValue,
} from "../../src/replay/estimators/dr-model-term.js";

describe("DR with a model-uncertainty term", () => {
  const dr = { value: 0.05, low: 0.04, high: 0.06 };

  it("unsupportedModelValue(dm 0.08, support 0.75) is 0.08 x 0.25 = 0.02; a support above 1 gives 0", () => {
    expect(unsupportedModelValue(0.08, 0.75)).toBeCloseTo(0.02, 15);
    expect(unsupportedModelValue(0.08, 1.2)).toBe(0);
    expect(unsupportedModelValue(0.08, -0.1)).toBeCloseTo(0.08, 15);
  });

  it("drWithModelTerm widens each side by the band's kappa x the unsupported value, floored at 0", () => {
    const kappas = { "0.7-0.9": 2 };
    expect(drWithModelTerm(dr, 0.005, 0.8, kappas)).toEqual({
      value: 0.05,
      low: expect.closeTo(0.03, 15),
      high: expect.closeTo(0.07, 15),
    });
    expect(drWithModelTerm(dr, 0.05, 0.8, kappas)!.low).toBe(0);
    // a band without a calibrated kappa has no such interval
    expect(drWithModelTerm(dr, 0.005, 0.95, kappas)).toBeUndefined();
    expect(drWithModelTerm(dr, 0.005, 0.2)).toBeUndefined();
    expect(Object.keys(MODEL_TERM_KAPPA).sort()).toEqual(["0.5-0.7", "0.7-0.9"]);
  });

  it("neededKappa is the miss over the unsupported value: 0 inside DR's interval, 2 for a truth at 0.07 with 0.005", () => {
    expect(neededKappa(dr, 0.005, 0.05)).toBe(0);
    expect(neededKappa(dr, 0, 0.05)).toBe(0); // inside DR's interval needs nothing, even with nothing unsupported
    expect(neededKappa(dr, 0.005, 0.07)).toBeCloseTo(2, 12);
    expect(neededKappa(dr, 0.005, 0.03)).toBeCloseTo(2, 12);
    expect(neededKappa(dr, 0, 0.07)).toBe(Infinity);
    // the kappa it names is the least that holds the truth
    const k = neededKappa(dr, 0.004, 0.071);
    const at = drWithModelTerm(dr, 0.004, 0.8, { "0.7-0.9": k })!;
    expect(at.high).toBeCloseTo(0.071, 12);
  });
});
