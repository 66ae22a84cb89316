/** An always-valid result at one look: valid however often the experiment is read before it ends. */
export interface AlwaysValid {
  /** The mixture likelihood ratio Lambda at this look. */
  likelihoodRatio: number;
  /** min(1, 1 / Lambda); take the running minimum over looks for the always-valid p-value. */
  p: number;
  /** The (1 - alpha) confidence sequence at this look; intersect with earlier looks' intervals. */
  interval: [number, number];
}

/**
 * The normal-mixture sequential probability ratio test (Robbins 1970; Johari, Koomen, Pekelis & Walsh, "Always valid
 * inference: continuous monitoring of A/B tests", Operations Research 2022), for a difference `difference` whose
 * estimate has variance `variance` (V), with mixing variance tau2 over the true difference theta ~ N(0, tau2):
 *   Lambda = sqrt(V / (V + tau2)) exp(tau2 difference^2 / (2 V (V + tau2))).
 * By Ville's inequality P(Lambda ever exceeds 1 / alpha | theta = 0) <= alpha, so p = 1 / Lambda is valid at any
 * stopping time. Inverting the test at every theta0 gives the confidence sequence (Howard, Ramdas, McAuliffe & Sekhon,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences", Ann. Statist. 2021, the normal mixture):
 *   difference +- sqrt(V (V + tau2) / tau2 (2 log(1 / alpha) + log((V + tau2) / V))).
 */
export function alwaysValid(difference: number, variance: number, tau2: number, alpha = 0.05): AlwaysValid {
  if (!(variance > 0 && tau2 > 0)) return { likelihoodRatio: NaN, p: NaN, interval: [NaN, NaN] };
  const v = variance;
  const likelihoodRatio = Math.sqrt(v / (v + tau2)) * Math.exp((tau2 * difference ** 2) / (2 * v * (v + tau2)));
  const half = Math.sqrt(((v * (v + tau2)) / tau2) * (2 * Math.log(1 / alpha) + Math.log((v + tau2) / v)));
  return { likelihoodRatio, p: Math.min(1, 1 / likelihoodRatio), interval: [difference - half, difference + half] };
}
