import { seededRandom } from "../data/random.js";

export interface Interval {
  low: number;
  high: number;
}

/**
 * Paired percentile bootstrap over groups (cases of one session or user are resampled together, as
 * they are correlated): each resample draws `groups` groups with replacement, the same draw for every
 * series, so that differences between models are paired. `series[s][c]` is series s's value for case
 * c; returns each series' interval of the mean, for `pairs` [a, b] the interval of mean(a) - mean(b),
 * and for `ratios` [a, b] that of mean(a) / mean(b).
 */
export function pairedBootstrap(
  series: readonly Float64Array[],
  groupOf: Int32Array,
  groups: number,
  o: {
    resamples: number;
    level: number;
    seed: number;
    pairs: readonly [number, number][];
    ratios?: readonly [number, number][];
  },
): { means: Interval[]; differences: Interval[]; ratios: Interval[] } {
  const S = series.length;
  // per group: the case count and each series' sum, contiguous per group for one pass per resample
  const count = new Float64Array(groups);
  const sums = new Float64Array(groups * S);
  for (let c = 0; c < groupOf.length; c++) {
    const g = groupOf[c];
    count[g]++;
    for (let s = 0; s < S; s++) sums[g * S + s] += series[s][c];
  }
  const random = seededRandom(o.seed);
  const weight = new Int32Array(groups);
  const acc = new Float64Array(S);
  const means = Array.from({ length: S }, () => new Float64Array(o.resamples));
  for (let b = 0; b < o.resamples; b++) {
    weight.fill(0);
    for (let d = 0; d < groups; d++) weight[Math.floor(random() * groups)]++;
    acc.fill(0);
    let n = 0;
    for (let g = 0; g < groups; g++) {
      const w = weight[g];
      if (w === 0) continue;
      n += w * count[g];
      for (let s = 0; s < S; s++) acc[s] += w * sums[g * S + s];
    }
    for (let s = 0; s < S; s++) means[s][b] = n > 0 ? acc[s] / n : 0;
  }
  const tail = (1 - o.level) / 2;
  const interval = (draws: Float64Array): Interval => {
    const sorted = Float64Array.from(draws).sort();
    return { low: quantile(sorted, tail), high: quantile(sorted, 1 - tail) };
  };
  return {
    means: means.map(interval),
    differences: o.pairs.map(([a, b]) => interval(means[a].map((v, r) => v - means[b][r]))),
    // ratio estimators (e.g. self-normalised IPS): the ratio of the two means in each resample
    ratios: (o.ratios ?? []).map(([num, den]) =>
      interval(means[num].map((v, r) => (means[den][r] > 0 ? v / means[den][r] : 0))),
    ),
  };
}

/** Linear interpolation between order statistics (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
