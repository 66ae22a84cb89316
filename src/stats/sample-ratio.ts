import { chiSquareSf } from "./chi-square.js";

export interface SampleRatioTest {
  observed: number[];
  expected: number[];
  chiSquare: number;
  df: number;
  p: number;
}

/**
 * The sample ratio mismatch test (Kohavi et al., "Trustworthy Online Controlled Experiments", 2020, ch. 21): Pearson's
 * chi-square of the users per arm against the planned shares, with arms - 1 degrees of freedom.
 */
export function sampleRatioTest(observed: readonly number[], shares: readonly number[]): SampleRatioTest {
  if (observed.length !== shares.length || observed.length < 2)
    throw new RangeError("sampleRatioTest(observed, shares) needs one share per arm and at least two arms");
  const total = observed.reduce((a, b) => a + b, 0);
  const shareSum = shares.reduce((a, b) => a + b, 0);
  const expected = shares.map((s) => (total * s) / shareSum);
  let chiSquare = 0;
  for (let i = 0; i < observed.length; i++)
    if (expected[i] > 0) chiSquare += (observed[i] - expected[i]) ** 2 / expected[i];
  const df = observed.length - 1;
  return { observed: [...observed], expected, chiSquare, df, p: total === 0 ? 1 : chiSquareSf(chiSquare, df) };
}
