import { alwaysValid } from "../stats/always-valid.js";
import { moments } from "../stats/moments.js";
import { twoProportionTest } from "../stats/two-proportion.js";
import { welchTest } from "../stats/welch.js";
import type { ArmUnits } from "./compare-arms.js";
import type { Interval, SeriesPoint } from "./experiment-report.js";
import { DAY_MS } from "./user-outcomes.js";

/**
 * The difference of one treatment arm to control as each day ends, over the users triggered so far and their outcomes
 * so far: what a nightly read would have printed. Next to the fixed-horizon interval and p-value (valid once, at the
 * planned end), the normal-mixture confidence sequence and always-valid p-value (valid at every day): intervals are
 * intersected and p-values take their running minimum, as the sequential guarantee allows.
 */
export function dailySeries(o: {
  arms: readonly string[];
  control: number;
  arm: number;
  units: ArmUnits;
  first: Float64Array;
  daily: Float64Array;
  days: number;
  /** Days with data (an interim read stops at the data's last day). */
  daysRead: number;
  start: number;
  binary: boolean;
  tau2: number;
  alpha: number;
}): SeriesPoint[] {
  const out: SeriesPoint[] = [];
  let seq: Interval = [-Infinity, Infinity];
  let seqP = 1;
  for (let d = 0; d < o.daysRead; d++) {
    const cutoff = o.start + (d + 1) * DAY_MS;
    const values = (a: number) => {
      const v: number[] = [];
      for (const x of o.units[a]) if (o.first[x] < cutoff) v.push(o.daily[x * o.days + d]);
      return Float64Array.from(v);
    };
    const c = values(o.control);
    const t = values(o.arm);
    const users = { [o.arms[o.control]]: c.length, [o.arms[o.arm]]: t.length };
    if (c.length < 2 || t.length < 2) continue;
    const mc = moments(c);
    const mt = moments(t);
    const fixed = o.binary
      ? twoProportionTest({ successes: total(c), n: mc.n }, { successes: total(t), n: mt.n }, o.alpha)
      : welchTest(mc, mt, o.alpha);
    const variance = mc.variance / mc.n + mt.variance / mt.n;
    const av = alwaysValid(fixed.difference, variance, o.tau2, o.alpha);
    if (!Number.isNaN(av.p)) {
      seq = [Math.max(seq[0], av.interval[0]), Math.min(seq[1], av.interval[1])];
      seqP = Math.min(seqP, av.p);
    }
    out.push({
      day: new Date(o.start + d * DAY_MS).toISOString().slice(0, 10),
      users,
      difference: fixed.difference,
      interval: fixed.interval,
      p: fixed.p,
      alwaysValidInterval: [seq[0], seq[1]],
      alwaysValidP: seqP,
    });
  }
  return out;
}

function total(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}
