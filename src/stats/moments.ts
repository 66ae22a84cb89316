/** Count, mean and unbiased variance (n - 1) of one sample. */
export interface Moments {
  n: number;
  mean: number;
  variance: number;
}

/** moments(values): Welford's one-pass mean and variance (variance 0 below two values). */
export function moments(values: ArrayLike<number>): Moments {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean;
    mean += d / (i + 1);
    m2 += d * (values[i] - mean);
  }
  const n = values.length;
  return { n, mean: n > 0 ? mean : NaN, variance: n > 1 ? m2 / (n - 1) : 0 };
}
