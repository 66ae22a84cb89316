import { describe, expect, it } from "vitest";
import type { OffPolicyResult } from "../../src/replay/off-policy.js";
import { MODEL_TERM_CHECKED, offPolicyVerdict } from "../../src/replay/off-policy-verdict.js";

const e = (value: number) => ({ value, low: value - 0.01, high: value + 0.01 });
const result = (support: number, views = 500): OffPolicyResult => ({
  views,
  overlap: support,
  support,
  bounds: { value: 0.05, low: 0.02, high: 0.1 },
  logging: e(0.03),
  estimates: {
    replay: e(0.04),
    ips: e(0.04),
    snips: e(0.04),
    dm: e(0.04),
    dr: e(0.04),
    switch: e(0.04),
    dros: e(0.04),
  },
  liftOverLogging: e(0.01),
  unsupportedModel: 0.002,
  tuning: { switchTau: Infinity, drosLambda: Infinity },
});

describe("offPolicyVerdict", () => {
  it("offPolicyVerdict(support 0.8) withholds the point estimates and DR + model term, quoting the latter's 89.8%", () => {
    const v = offPolicyVerdict(result(0.8));
    expect(v.shown).toBe(false);
    expect(v.reason).toContain("at most 81%");
    expect(v.modelTerm.interval).toBeUndefined();
    expect(v.modelTerm.reason).toContain("89.8%");
    expect(v.modelTerm.reason).toContain("below 90%");
    expect(v.modelTerm.reason).toContain("0.0020 per view");
  });

  it("offPolicyVerdict(support 0.2) says DR + model term is not calibrated there; no views says so", () => {
    expect(offPolicyVerdict(result(0.2)).modelTerm.reason).toMatch(/^not calibrated for an estimated support of < 0.3/);
    const none = offPolicyVerdict(result(0.8, 0));
    expect(none.shown).toBe(false);
    expect(none.reason).toBe("no logged views in the period");
  });

  it("the model term is withheld in every band whose checked share is below 90% (all of them today)", () => {
    for (const [band, c] of Object.entries(MODEL_TERM_CHECKED)) {
      const support = { "0.5-0.7": 0.6, "0.7-0.9": 0.8 }[band]!;
      const shown = offPolicyVerdict(result(support)).modelTerm.interval !== undefined;
      expect(shown, band).toBe(c.held / c.cases >= 0.9);
    }
  });
});
