import type { PriceDropReport } from "../pipeline/replay-moment.js";
import { int, pct } from "./format.js";

const pp = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(2)} pp`;

/** The terminal summary of a price-drop replay (--json and --report carry everything). */
export function formatPriceDropReplay(r: PriceDropReport): string {
  const m = r.moments;
  const c = r.cadence;
  const out = [
    `price-drop replay of ${r.data}: ${r.since} .. ${r.until}`,
    `${int(m.drops)} drops (${int(m.dropsWithAudience)} with an audience), ${int(m.moments)} alerts to ${int(m.users)} users; ${Object.entries(
      m.bySignal,
    )
      .map(([s, v]) => `${s} ${int(v.moments)}`)
      .join(", ")}`,
    `Audience: ${r.audienceNote}`,
    ...Object.entries(m.outcomes).map(
      ([w, o]) =>
        `within ${w}: bought the dropped item ${pct(o.boughtDropped.mean, 2)} [${pct(o.boughtDropped.low, 2)}, ${pct(o.boughtDropped.high, 2)}], anything ${pct(o.boughtAnything.mean, 2)}`,
    ),
    `Per week: ${c.dropsPerWeek} drops, ${c.alertsPerWeek} alerts, ${c.usersWithMoreThanOneAlertPerWeek} users with more than one alert`,
    "What drops did (observational: matched on signal, category and time since the signal):",
    ...r.dropEffect.bySignal.flatMap((e) =>
      Object.entries(e.windows).map(
        ([w, x]) =>
          `  ${e.signal} (${int(e.members)} alerts, ${pct(e.matchRate)} matched), ${w}: ${pct(x.treated, 2)} vs ${pct(x.control, 2)}, ${pp(x.difference)} [${pp(x.low)}, ${pp(x.high)}]`,
      ),
    ),
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
  return out.join("\n");
}
