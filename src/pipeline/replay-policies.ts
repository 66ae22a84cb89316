import type { EventTable } from "../data/event-table.js";
import { buildModel } from "../evaluation/build-model.js";
import type { Recommender } from "../models/recommender.js";
import type { ModelSpec } from "../models/spec.js";
import { policySlate } from "../replay/policy-slate.js";
import type { ReplayMoment } from "../moments/moment-kind.js";

/** A replay policy: built so that it sees nothing at or after the period start, and how. */
export interface ReplayPolicy {
  name: string;
  source: string;
  trainSeconds: number;
  model: Recommender;
}

/**
 * Trains `spec` on the events before `since`, or loads its model file (refused when trained after `since`: it has
 * seen the period), and says which in `source`.
 */
export async function replayPolicy(
  spec: ModelSpec,
  t: EventTable,
  since: number,
  threads?: number,
): Promise<ReplayPolicy> {
  const t0 = performance.now();
  const { model } = await buildModel(spec, t, since, threads);
  const trainSeconds = (performance.now() - t0) / 1000;
  const source =
    "file" in spec
      ? `model file ${spec.file}, trained up to its --until (at or before the period start)`
      : `trained on the events before ${new Date(since).toISOString()}`;
  return { name: spec.name, source, trainSeconds, model };
}

/**
 * The policy's top `k` at each moment, seeded with the user's last `maxHistory` events before the moment's seed row
 * and never showing its excluded items; with the mean last-known price of the priced items shown.
 */
export function slatesAt(
  model: Recommender,
  t: EventTable,
  moments: readonly ReplayMoment[],
  k: number,
  maxHistory: number,
  lastPrice: Float64Array,
): { shown: Int32Array[]; meanShownPrice: number } {
  let priced = 0;
  let priceSum = 0;
  const shown = moments.map((m) => {
    const exclude = m.exclude.length > 0 ? new Set(m.exclude) : undefined;
    const items = policySlate(model, t, { user: m.user, event: m.seedEnd, now: m.now, exclude }, k, maxHistory);
    for (const i of items) {
      if (!(lastPrice[i] > 0)) continue;
      priced++;
      priceSum += lastPrice[i];
    }
    return items;
  });
  return { shown, meanShownPrice: priced ? priceSum / priced : 0 };
}
