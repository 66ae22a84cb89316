import { readTextFile } from "../io/read-text-file.js";
import { simulate } from "./simulate.js";
import type { SimConfig, WidgetConfig } from "../simulate/sim-config.js";
import { slateTruth } from "../simulate/truth.js";
import { buildWorld } from "../simulate/world.js";
import { readDataset } from "../io/read-dataset.js";
import { readExposures } from "../io/read-exposures.js";
import { ESTIMATORS, offPolicy, type EstimatorName } from "../replay/off-policy.js";

/** How an estimator did over simulated shops: the share of intervals holding the truth, and its mean error. */
export interface EstimatorValidity {
  coverage: number;
  bias: number;
  meanAbsoluteError: number;
}

/**
 * Checks the off-policy estimators where the truth is known: for each seed, a simulated shop logs a
 * random widget at its empty-cart moments; a new policy (the k most popular candidates: inside the
 * logging support) is estimated from that log and compared with its exact expected clicks per view
 * (`cartlift simulate truth`). Returns coverage and bias per estimator.
 */
export async function estimatorValidity(o: {
  seeds: number[];
  dir: string;
  config?: Partial<SimConfig>;
  widget?: Partial<WidgetConfig>;
  resamples?: number;
}): Promise<{
  seeds: number;
  views: number;
  truthPerView: number;
  estimators: Record<EstimatorName, EstimatorValidity>;
}> {
  const hits = Object.fromEntries(ESTIMATORS.map((e) => [e, { covered: 0, error: 0, absError: 0 }])) as Record<
    EstimatorName,
    { covered: number; error: number; absError: number }
  >;
  let views = 0,
    truthSum = 0;
  for (const seed of o.seeds) {
    const out = `${o.dir}/seed-${seed}`;
    const report = await simulate({
      out,
      config: {
        users: 20_000,
        items: 1500,
        cartRate: 0.05,
        buyCartedRate: 0.2,
        cartReturnRate: 0.9,
        ...o.config,
        seed,
      },
      widget: { policy: "random", clickBias: -3, ...o.widget },
    });
    const config: SimConfig = JSON.parse(readTextFile(report.files.world, "world file"));
    const world = buildWorld(config);
    const { table: t } = readDataset(out);
    const { slates } = readExposures(report.files.exposures!, t);
    // the candidates of each logged view, from the simulator's own moments
    const candidatesAt = new Map<string, number[]>();
    for (const line of readTextFile(report.files.moments!, "moments file").split("\n")) {
      if (!line) continue;
      const m = JSON.parse(line) as { user: string; ts: number; candidates: string[] };
      candidatesAt.set(
        `${m.user}@${m.ts}`,
        m.candidates.map((id) => Number(id.slice(1))),
      );
    }
    const k = config.widget!.k;
    const worldUser = (code: number) => Number(t.dicts.user.get(code).slice(1));
    const datasetItem = (worldItem: number) => t.dicts.item.lookup(`i${worldItem}`);
    let truth = 0;
    const newSlates = slates.map((s) => {
      const candidates = candidatesAt.get(`u${worldUser(s.user)}@${s.ts}`) ?? [];
      const top = [...candidates].sort((a, b) => world.popularity[b] - world.popularity[a] || a - b).slice(0, k);
      truth += slateTruth(world, config.widget!, worldUser(s.user), top).clicks;
      return Int32Array.from(top, datasetItem);
    });
    truth /= slates.length;
    const index = new Map<number, number>();
    const group = Int32Array.from(slates, (s) => index.get(s.user) ?? index.set(s.user, index.size).size - 1);
    const r = offPolicy(slates, newSlates, "click", group, index.size, {
      resamples: o.resamples ?? 500,
      level: 0.95,
      seed,
    });
    for (const e of ESTIMATORS) {
      const est = r.estimates[e];
      if (est.low <= truth && truth <= est.high) hits[e].covered++;
      hits[e].error += est.value - truth;
      hits[e].absError += Math.abs(est.value - truth);
    }
    views += slates.length;
    truthSum += truth;
  }
  const n = o.seeds.length;
  return {
    seeds: n,
    views,
    truthPerView: truthSum / n,
    estimators: Object.fromEntries(
      ESTIMATORS.map((e) => [
        e,
        { coverage: hits[e].covered / n, bias: hits[e].error / n, meanAbsoluteError: hits[e].absError / n },
      ]),
    ) as Record<EstimatorName, EstimatorValidity>,
  };
}
