import type { PriceDropMoment } from "./price-drop-moment.js";
import { weekOf } from "./price-summary.js";

/** Per calendar week (Monday, UTC): drops, alerts (audience members), users reached, users with more than one. */
export interface CadenceWeek {
  week: string;
  drops: number;
  alerts: number;
  users: number;
  usersWithMoreThanOneAlert: number;
}

/**
 * Reach and cadence of price-drop alerts: what a shop needs to set a frequency cap. `dropTimes` are the drops of the
 * period [from, to], `moments` their audience members; each member is one alert.
 */
export function cadence(
  dropTimes: readonly number[],
  moments: readonly PriceDropMoment[],
  from: number,
  to: number,
): {
  weeks: CadenceWeek[];
  dropsPerWeek: number;
  alertsPerWeek: number;
  usersWithMoreThanOneAlertPerWeek: number;
  maxAlertsToOneUserInAWeek: number;
} {
  const weeks = new Map<number, { drops: number; alerts: number; perUser: Map<number, number> }>();
  const at = (w: number) => weeks.get(w) ?? weeks.set(w, { drops: 0, alerts: 0, perUser: new Map() }).get(w)!;
  // every week of the period counts, those without a drop too
  for (let w = weekOf(from); w <= weekOf(to); w += 7 * 86_400_000) at(w);
  for (const ts of dropTimes) at(weekOf(ts)).drops++;
  for (const m of moments) {
    const w = at(weekOf(m.at));
    w.alerts++;
    w.perUser.set(m.user, (w.perUser.get(m.user) ?? 0) + 1);
  }
  let max = 0;
  const rows = [...weeks.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([w, v]) => {
      let many = 0;
      for (const n of v.perUser.values()) {
        if (n > 1) many++;
        if (n > max) max = n;
      }
      return {
        week: new Date(w).toISOString().slice(0, 10),
        drops: v.drops,
        alerts: v.alerts,
        users: v.perUser.size,
        usersWithMoreThanOneAlert: many,
      };
    });
  const mean = (f: (r: CadenceWeek) => number) =>
    rows.length ? Math.round((rows.reduce((s, r) => s + f(r), 0) / rows.length) * 1000) / 1000 : 0;
  return {
    weeks: rows,
    dropsPerWeek: mean((r) => r.drops),
    alertsPerWeek: mean((r) => r.alerts),
    usersWithMoreThanOneAlertPerWeek: mean((r) => r.usersWithMoreThanOneAlert),
    maxAlertsToOneUserInAWeek: max,
  };
}
