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
  const { count, sums } = groupSums(series, groupOf, groups);
  const kinds = groupKinds(count, sums, series.length);
  const means = kinds
    ? resampleMeans(kinds.count, kinds.sums, kinds.of, series.length, groups, o)
    : resampleMeans(count, sums, null, series.length, groups, o);
  return intervals(means, o);
}

type BootstrapResult = ReturnType<typeof pairedBootstrap>;

/** The percentile intervals of the resampled means, their paired differences and ratios. */
function intervals(
  means: Float64Array[],
  o: { level: number; pairs: readonly [number, number][]; ratios?: readonly [number, number][] },
): BootstrapResult {
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

/**
 * Several pairedBootstrap calls over the same groups and seed (so the same draws), in one pass of draws: the result
 * of each is that of pairedBootstrap(call.series, groupOf, groups, {...o, ...call}), byte for byte. When every call's
 * sums are whole numbers, the groups fold into the kinds of all the calls' sums together and each resample's totals,
 * exact in any order, are summed over those; otherwise (or when the joint kinds are not few) each call runs apart.
 */
export function pairedBootstraps(
  calls: readonly {
    series: readonly Float64Array[];
    pairs: readonly [number, number][];
    ratios?: readonly [number, number][];
  }[],
  groupOf: Int32Array,
  groups: number,
  o: { resamples: number; level: number; seed: number },
): BootstrapResult[] {
  const apart = () => calls.map((c) => pairedBootstrap(c.series, groupOf, groups, { ...o, ...c }));
  const all = calls.flatMap((c) => c.series);
  const S = all.length;
  const { count, sums } = groupSums(all, groupOf, groups);
  // each call alone must fold into kinds (whole sums, few kinds), or it sums over the groups in its own order
  let from = 0;
  for (const c of calls) {
    const own = new Float64Array(groups * c.series.length);
    for (let g = 0; g < groups; g++)
      for (let s = 0; s < c.series.length; s++) own[g * c.series.length + s] = sums[g * S + from + s];
    if (!groupKinds(count, own, c.series.length)) return apart();
    from += c.series.length;
  }
  const kinds = groupKinds(count, sums, S);
  if (!kinds) return apart();
  const means = resampleMeans(kinds.count, kinds.sums, kinds.of, S, groups, o);
  from = 0;
  return calls.map((c) => {
    const own = means.slice(from, from + c.series.length);
    from += c.series.length;
    return intervals(own, { level: o.level, ...c });
  });
}

/** Per group: the case count and each series' sum, contiguous per group for one pass per resample. */
function groupSums(
  series: readonly Float64Array[],
  groupOf: Int32Array,
  groups: number,
): { count: Float64Array; sums: Float64Array } {
  const S = series.length;
  const count = new Float64Array(groups);
  const sums = new Float64Array(groups * S);
  // Stryker disable next-line EqualityOperator: case groupOf.length is undefined, and typed arrays ignore its writes
  for (let c = 0; c < groupOf.length; c++) {
    const g = groupOf[c];
    count[g]++;
    for (let s = 0; s < S; s++) sums[g * S + s] += series[s][c];
  }
  return { count, sums };
}

/**
 * Each resample's mean of every series: the draw of `groups` groups (the same stream whether or not the groups are
 * folded into kinds: `of` maps a group to its row of `count`/`sums`, null when the rows are the groups), then each
 * row's weight x its sums.
 */
function resampleMeans(
  count: Float64Array,
  sums: Float64Array,
  of: Int32Array | null,
  S: number,
  groups: number,
  o: { resamples: number; seed: number },
): Float64Array[] {
  const random = seededRandom(o.seed);
  const K = count.length;
  const weight = new Int32Array(K);
  const acc = new Float64Array(S);
  const means = Array.from({ length: S }, () => new Float64Array(o.resamples));
  // Stryker disable next-line EqualityOperator: one more resample draws after the others and writes past the end
  for (let b = 0; b < o.resamples; b++) {
    weight.fill(0);
    if (of) for (let d = 0; d < groups; d++) weight[of[Math.floor(random() * groups)]]++;
    else for (let d = 0; d < groups; d++) weight[Math.floor(random() * groups)]++;
    acc.fill(0);
    let n = 0;
    for (let k = 0; k < K; k++) {
      const w = weight[k];
      // Stryker disable next-line ConditionalExpression: a row not drawn adds 0 x its finite sums; skipping is speed
      if (w === 0) continue;
      n += w * count[k];
      // Stryker disable next-line EqualityOperator: acc[S] is past the end of acc
      for (let s = 0; s < S; s++) acc[s] += w * sums[k * S + s];
    }
    for (let s = 0; s < S; s++) means[s][b] = n > 0 ? acc[s] / n : 0;
  }
  return means;
}

/**
 * Groups with the same case count and the same sums are interchangeable in a resample: when every count and sum is
 * a whole number (0/1 hits and counts), a resample's totals are exact in either order of summation, so the groups can
 * be folded into their few kinds (a user with one alert and no hit, ...) and each resample sums over the kinds, not
 * the groups: the same draws, the same bytes, far less work for many groups. Null when the sums are not whole or
 * the kinds are not few (over a quarter of the groups).
 */
export function groupKinds(
  count: Float64Array,
  sums: Float64Array,
  S: number,
): { of: Int32Array; count: Float64Array; sums: Float64Array } | null {
  const groups = count.length;
  if (groups < 64) return null;
  for (let x = 0; x < sums.length; x++) if (!Number.isInteger(sums[x]) || Math.abs(sums[x]) > 2 ** 20) return null;
  const index = new Map<string, number>();
  const of = new Int32Array(groups);
  const kindCount: number[] = [];
  const kindSums: number[] = [];
  for (let g = 0; g < groups; g++) {
    const key = `${count[g]}|${sums.subarray(g * S, (g + 1) * S).join(",")}`;
    let k = index.get(key);
    if (k === undefined) {
      k = index.size;
      if (k > groups / 4) return null;
      index.set(key, k);
      kindCount.push(count[g]);
      for (let s = 0; s < S; s++) kindSums.push(sums[g * S + s]);
    }
    of[g] = k;
  }
  return { of, count: Float64Array.from(kindCount), sums: Float64Array.from(kindSums) };
}

/** Linear interpolation between order statistics (numpy's default). */
function quantile(sorted: Float64Array, q: number): number {
  // Stryker disable next-line ConditionalExpression: without it, sorted[0] is undefined and the result NaN all the same
  if (sorted.length === 0) return NaN;
  const at = q * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}
