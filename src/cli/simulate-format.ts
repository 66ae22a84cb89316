import type { SimulateReport } from "../pipeline/simulate.js";
import type { TruthReport } from "../pipeline/simulate-truth.js";
import { fixed, int } from "./format.js";

/** The simulate report as terminal text. */
export function formatSimulate(r: SimulateReport): string {
  const types = Object.entries(r.eventsByType)
    .map(([k, v]) => `${k} ${int(v)}`)
    .join(", ");
  return [
    `Simulated ${int(r.users)} users, ${int(r.items)} items over ${r.days} days (seed ${r.seed}): ${int(r.events)} events (${types}), ${int(r.sessions)} sessions, ${int(r.moments)} empty-cart moments${r.exposures ? `, ${int(r.exposures)} widget exposures` : ""} in ${fixed(r.seconds, 2)} s`,
    ...Object.entries(r.files).map(([k, f]) => `  ${k}: ${f}`),
    ...(r.out !== r.files.events ? [`  dataset: ${r.out}`] : []),
    ...(r.experiment
      ? [
          `  experiment ${r.experiment.experiment}: ${int(r.experiment.triggeredUsers)} users reached the ${r.experiment.moment} moment; true difference per user: ${Object.entries(
            r.experiment.metrics,
          )
            .map(([k, m]) => `${k} ${fixed(m.trueDifference, 5)} (${fixed(100 * m.trueRelative, 2)}%)`)
            .join(", ")}`,
        ]
      : []),
  ].join("\n");
}

/** A `simulate truth` result as one line. */
export function formatTruth(r: TruthReport): string {
  return `${r.policy} at ${int(r.moments)} moments, ${r.k} items shown: ${fixed(r.expectedClicksPerMoment, 4)} expected clicks and ${fixed(r.expectedOrdersPerMoment, 4)} expected orders per moment (${fixed(r.expectedClicks, 1)} clicks, ${fixed(r.expectedOrders, 1)} orders in all)`;
}
