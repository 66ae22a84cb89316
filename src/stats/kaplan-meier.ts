import { normalQuantile } from "./normal.js";

/** A Kaplan-Meier survival curve: the steps at each distinct event time, with pointwise intervals. */
export interface SurvivalCurve {
  /** Subjects followed (events + censored). */
  subjects: number;
  events: number;
  /** Distinct event times, ascending. */
  times: Float64Array;
  /** S(t) just after each time. */
  survival: Float64Array;
  /** Greenwood's variance of S(t): S(t)^2 x the sum over steps up to t of d / (n (n - d)). */
  variance: Float64Array;
  /** Pointwise interval of S(t): S +- z sqrt(variance), clipped to [0, 1]. */
  low: Float64Array;
  high: Float64Array;
  /** Subjects at risk just before each time. */
  atRisk: Int32Array;
  level: number;
}

/**
 * Kaplan-Meier estimate of the survival function from follow-up times and event flags (1: the event happened at that
 * time; 0: censored then, the subject was followed that long without it). Ties: events at a time count before the
 * censorings at the same time (the usual convention: a subject censored at t was at risk at t). Intervals are
 * Greenwood's (Greenwood 1926; Kalbfleisch and Prentice 2002, section 1.4), on the plain scale.
 */
export function kaplanMeier(time: Float64Array, event: Uint8Array, level = 0.95): SurvivalCurve {
  if (time.length !== event.length) throw new RangeError("kaplanMeier: time and event differ in length");
  for (let i = 0; i < time.length; i++)
    if (!(time[i] >= 0)) throw new RangeError(`kaplanMeier: time ${time[i]} at ${i} is not a non-negative number`);
  // by time only: the loop below takes a time's events and censorings together, whatever their order
  const order = Int32Array.from(time.keys()).sort((a, b) => time[a] - time[b]);
  const z = normalQuantile(1 - (1 - level) / 2);
  const times: number[] = [];
  const survival: number[] = [];
  const variance: number[] = [];
  const atRisk: number[] = [];
  let n = time.length;
  let s = 1;
  let greenwood = 0;
  let events = 0;
  for (let x = 0; x < order.length;) {
    const t = time[order[x]];
    let d = 0;
    let c = 0;
    for (; x < order.length && time[order[x]] === t; x++) {
      if (event[order[x]]) d++;
      else c++;
    }
    if (d > 0) {
      s *= 1 - d / n;
      greenwood += n > d ? d / (n * (n - d)) : 0;
      times.push(t);
      survival.push(s);
      variance.push(s * s * greenwood);
      atRisk.push(n);
      events += d;
    }
    n -= d + c;
  }
  const sd = variance.map(Math.sqrt);
  return {
    subjects: time.length,
    events,
    times: Float64Array.from(times),
    survival: Float64Array.from(survival),
    variance: Float64Array.from(variance),
    low: Float64Array.from(survival, (v, i) => Math.max(0, v - z * sd[i])),
    high: Float64Array.from(survival, (v, i) => Math.min(1, v + z * sd[i])),
    atRisk: Int32Array.from(atRisk),
    level,
  };
}

/** S(t) and its interval at time t (1 before the first event). */
export function survivalAt(c: SurvivalCurve, t: number): { value: number; low: number; high: number } {
  let lo = 0;
  let hi = c.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  const i = lo - 1;
  return i < 0 ? { value: 1, low: 1, high: 1 } : { value: c.survival[i], low: c.low[i], high: c.high[i] };
}

/**
 * The time at which S first drops to `p` or below (the median for 0.5), with its interval: from where the lower band
 * first reaches `p` to where the upper band does (Brookmeyer and Crowley 1982, with Greenwood's bands). null when the
 * curve, or a band, never gets there within the follow-up.
 */
export function survivalQuantile(
  c: SurvivalCurve,
  p = 0.5,
): { value: number | null; low: number | null; high: number | null } {
  const first = (a: Float64Array) => {
    for (let i = 0; i < a.length; i++) if (a[i] <= p) return c.times[i];
    return null;
  };
  return { value: first(c.survival), low: first(c.low), high: first(c.high) };
}
