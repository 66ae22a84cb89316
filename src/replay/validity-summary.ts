import { ESTIMATORS, type EstimatorName } from "./off-policy.js";
import { MONEY_FACTOR } from "./validity-money.js";
import { drWithModelTerm, neededKappa } from "./estimators/dr-model-term.js";
import { SUPPORT_BANDS, supportBand } from "./support-bands.js";

export { SUPPORT_BANDS, supportBand };

/** The off-policy estimators and the model-free bounds, as the validity figures list them. */
export const JUDGED = [...ESTIMATORS, "dr+model", "bounds"] as const;
export type Judged = (typeof JUDGED)[number];

/** What one world of the validity family yields (src/pipeline/validity-world.ts builds it). */
export interface ValidityWorld {
  type: string;
  engagement: number;
  policies: {
    name: string;
    truth: number;
    truthPerView: number;
    support: number;
    estimates: Record<EstimatorName, { value: number; low: number; high: number }>;
    bounds: { value: number; low: number; high: number };
    unsupportedModel: number;
  }[];
  pairs: { calls: Record<string, "right" | "wrong" | "none"> }[];
}

export interface Agreement {
  pairs: number;
  right: number;
  wrong: number;
  none: number;
}

export interface Coverage {
  /** (world, policy) cases in the band. */
  n: number;
  coverage: number;
  bias: number;
  meanAbsoluteError: number;
  /** Mean width of the interval (high - low). */
  meanWidth: number;
}

interface Sums {
  n: number;
  covered: number;
  error: number;
  abs: number;
  width: number;
}

/**
 * The family's validity figures: ranking agreement per world type and comparison; interval coverage, bias and mean
 * absolute error per estimator and support band; and the calibration of the money figures (the response model set
 * to the world's true engagement: the share of policies whose true clicks are within a factor of 1.5 of it).
 */
export function summarizeValidity(worlds: readonly ValidityWorld[]): {
  worlds: number;
  engagement: { min: number; max: number };
  agreement: Record<string, Record<string, Agreement>>;
  coverage: Record<Judged, Record<string, Coverage>>;
  money: {
    cases: number;
    withinFactor1_5: number;
    medianRatio: number;
    /** Share of cases whose true orders lie in the stated range (src/replay/validity-money.ts). */
    covered: number;
    /** Quantiles (2.5%, 50%, 97.5%) of true orders / predicted: what MONEY_FACTOR is calibrated from. */
    trueOverPredicted: [number, number, number];
  };
  /** Per support band: the 90th percentile of the kappa each case needed (what MODEL_TERM_KAPPA is calibrated on). */
  kappa90: Record<string, number>;
} {
  const agreement: Record<string, Record<string, Agreement>> = {};
  const add = (type: string, comparison: string, call: "right" | "wrong" | "none") => {
    const row = (agreement[type] ??= {});
    const a = (row[comparison] ??= { pairs: 0, right: 0, wrong: 0, none: 0 });
    a.pairs++;
    a[call]++;
  };
  const sums = Object.fromEntries(JUDGED.map((e) => [e, {} as Record<string, Sums>])) as Record<
    Judged,
    Record<string, Sums>
  >;
  const kappas: Record<string, number[]> = {};
  const ratios: number[] = [];
  let min = Infinity,
    max = -Infinity;
  for (const w of worlds) {
    min = Math.min(min, w.engagement);
    max = Math.max(max, w.engagement);
    for (const p of w.pairs)
      for (const [comparison, call] of Object.entries(p.calls)) {
        add(w.type, comparison, call);
        add("all", comparison, call);
      }
    for (const p of w.policies) {
      if (p.truth > 0) ratios.push(w.engagement / p.truth);
      const band = supportBand(p.support);
      (kappas[band] ??= []).push(neededKappa(p.estimates.dr, p.unsupportedModel, p.truthPerView));
      for (const e of JUDGED) {
        const est =
          e === "bounds"
            ? p.bounds
            : e === "dr+model"
              ? drWithModelTerm(p.estimates.dr, p.unsupportedModel, p.support)
              : p.estimates[e];
        if (!est) continue; // no model term in this band
        const s = (sums[e][band] ??= { n: 0, covered: 0, error: 0, abs: 0, width: 0 });
        s.n++;
        s.width += est.high - est.low;
        if (est.low <= p.truthPerView && p.truthPerView <= est.high) s.covered++;
        s.error += est.value - p.truthPerView;
        s.abs += Math.abs(est.value - p.truthPerView);
      }
    }
  }
  ratios.sort((a, b) => a - b);
  const inverse = ratios.map((r) => 1 / r).sort((a, b) => a - b);
  const q = (p: number) => (inverse.length ? inverse[Math.min(inverse.length - 1, Math.floor(p * inverse.length))] : 0);
  const coverage = Object.fromEntries(
    JUDGED.map((e) => [
      e,
      Object.fromEntries(
        SUPPORT_BANDS.filter((b) => sums[e][b.label]).map((b) => {
          const s = sums[e][b.label];
          const { n, covered, error, abs, width } = s;
          return [
            b.label,
            { n, coverage: covered / n, bias: error / n, meanAbsoluteError: abs / n, meanWidth: width / n },
          ];
        }),
      ),
    ]),
  ) as Record<Judged, Record<string, Coverage>>;
  const kappa90 = Object.fromEntries(
    Object.entries(kappas).map(([band, k]) => {
      k.sort((a, b) => a - b);
      return [band, k[Math.min(k.length - 1, Math.ceil(0.9 * k.length) - 1)]];
    }),
  );
  return {
    kappa90,
    worlds: worlds.length,
    engagement: { min, max },
    agreement,
    coverage,
    money: {
      cases: ratios.length,
      withinFactor1_5: ratios.length ? ratios.filter((r) => r >= 1 / 1.5 && r <= 1.5).length / ratios.length : 0,
      medianRatio: ratios.length ? ratios[Math.floor(ratios.length / 2)] : 0,
      // true within [predicted x low, predicted x high], i.e. predicted / true within [1 / high, 1 / low]
      covered: ratios.length
        ? ratios.filter((r) => r >= 1 / MONEY_FACTOR.high && r <= 1 / MONEY_FACTOR.low).length / ratios.length
        : 0,
      trueOverPredicted: [q(0.025), q(0.5), q(0.975)],
    },
  };
}
