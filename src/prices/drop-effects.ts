import type { PriceDropMoment } from "./price-drop-moment.js";
import { clusteredNewcombe } from "../stats/clustered-newcombe.js";
import type { MatchedPairs } from "./match-controls.js";
import { SIGNALS } from "./signals.js";

/** One signal's comparison: audience members against their matched users. */
export interface SignalEffect {
  signal: string;
  members: number;
  matched: number;
  matchRate: number;
  /** Per window: the purchase rate of the item, treated and matched control, and the difference with its interval. */
  windows: Record<string, { treated: number; control: number; difference: number; low: number; high: number }>;
  /** Pre-drop behaviour (matched pairs): the balance check. Means, treated and control. */
  balance: {
    daysSinceSignal: { treated: number; control: number };
    eventsBefore: { treated: number; control: number };
    boughtAnythingBefore: { treated: number; control: number };
  };
}

/**
 * The difference in purchase rates between audience members and their matches, per signal and window, with
 * Newcombe's hybrid score interval made for clusters (src/stats/clustered-newcombe.ts): the treated rate's
 * effective size is its count over its design effect by user or by drop (the larger), the control rate's by
 * control user or by drop (matching with replacement reuses controls). A percentile bootstrap over ~10 matched
 * alerts per signal was too narrow (bench/price-drop.mjs: 82-86% coverage of a 95% interval). Also the balance of
 * pre-drop behaviour. Only matched members enter the difference; the match rate says how many that is.
 */
export function dropEffects(
  moments: readonly PriceDropMoment[],
  pairs: MatchedPairs,
  windows: readonly { label: string }[],
  o: { level: number },
): SignalEffect[] {
  const out: SignalEffect[] = [];
  SIGNALS.forEach((name, s) => {
    const xs: number[] = [];
    let members = 0;
    moments.forEach((m, x) => {
      if (m.signal !== s) return;
      members++;
      if (pairs.controlUser[x] >= 0) xs.push(x);
    });
    if (members === 0) return;
    const treatedClusters = [Int32Array.from(xs, (x) => moments[x].user), Int32Array.from(xs, (x) => moments[x].drop)];
    const controlClusters = [Int32Array.from(xs, (x) => pairs.controlUser[x]), treatedClusters[1]];
    const pick = (a: Float64Array) => Float64Array.from(xs, (x) => a[x]);
    const mean = (a: Float64Array) => (a.length ? a.reduce((p, v) => p + v, 0) / a.length : NaN);
    const r = (v: number) => Math.round(v * 10000) / 10000;
    const effect: SignalEffect = {
      signal: name,
      members,
      matched: xs.length,
      matchRate: r(xs.length / members),
      windows: {},
      balance: {
        daysSinceSignal: {
          treated: r(mean(Float64Array.from(xs, (x) => (moments[x].at - moments[x].signalAt) / 86_400_000))),
          control: r(mean(Float64Array.from(xs, (x) => (moments[x].at - pairs.controlSignalAt[x]) / 86_400_000))),
        },
        eventsBefore: {
          treated: r(mean(pick(pairs.before.treatedEvents))),
          control: r(mean(pick(pairs.before.controlEvents))),
        },
        boughtAnythingBefore: {
          treated: r(mean(pick(pairs.before.treatedBought))),
          control: r(mean(pick(pairs.before.controlBought))),
        },
      },
    };
    windows.forEach((w, wi) => {
      const yt = pick(pairs.treatedBought[wi]);
      const yc = pick(pairs.controlBought[wi]);
      if (xs.length === 0) {
        effect.windows[w.label] = { treated: NaN, control: NaN, difference: NaN, low: NaN, high: NaN };
        return;
      }
      const ci = clusteredNewcombe(
        { y: yt, clusterings: treatedClusters },
        { y: yc, clusterings: controlClusters },
        o.level,
      );
      effect.windows[w.label] = {
        treated: r(mean(yt)),
        control: r(mean(yc)),
        difference: r(ci.difference),
        low: r(ci.low),
        high: r(ci.high),
      };
    });
    out.push(effect);
  });
  return out;
}
