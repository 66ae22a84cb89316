import { join } from "node:path";
import { CartliftError, UsageError } from "../errors.js";
import { loadModel } from "../models/model-reader.js";
import type { PipelineConfig } from "../run/pipeline-config.js";
import { evaluate } from "./evaluate.js";
import { exportModelCommitted } from "./export.js";
import { trainSpec } from "./train-spec.js";

export interface GateRecord {
  champion: string;
  cut: string;
  primary: string;
  champion_value: number;
  candidate_value: number;
  diff: number;
  low: number;
  high: number;
  tolerance: number;
  passed: boolean;
  reason: string;
}

/**
 * The gate (docs/ci.md). The champion (an artifact as served) and the candidate are compared as served, at the same
 * precision: the candidate is trained here up to the champion's --until and exported with the pipeline's export
 * settings (quantize, k) into `workDir`. Both are evaluated on the same newest data, after that point, with a paired
 * bootstrap of the difference. The candidate fails only when it is worse beyond the tolerance AND the paired interval
 * of the difference excludes zero (lies wholly below 0): noise and quantisation never fail it. With no newer cases
 * there is nothing to judge on, and the gate fails closed.
 */
export async function judge(
  champion: string,
  specText: string,
  data: string,
  config: PipelineConfig,
  workDir: string,
): Promise<GateRecord> {
  const { manifest } = loadModel(champion);
  const until = manifest.data?.until;
  if (!until)
    throw new UsageError(
      `${champion} records no --until: there is no newer data it has not seen`,
      "publish artifacts with cartlift run (it records the training end)",
    );
  const primary = config.evaluate.primary;
  const tolerance = config.gate.tolerance;
  const failed = (reason: string): GateRecord => ({
    champion,
    cut: until,
    primary,
    champion_value: NaN,
    candidate_value: NaN,
    diff: NaN,
    low: NaN,
    high: NaN,
    tolerance,
    passed: false,
    reason,
  });
  const model = join(workDir, "candidate.model");
  const artifact = join(workDir, "candidate.cartlift");
  let r;
  try {
    await trainSpec(specText, data, model, Date.parse(until));
    await exportModelCommitted({ model, out: artifact, quantize: config.export.quantize, k: config.export.k });
    r = await evaluate({
      data,
      models: [
        { name: "champion", spec: champion },
        { name: "candidate", spec: artifact },
      ],
      protocol: config.evaluate.protocol as never,
      ks: config.evaluate.k,
      cut: Date.parse(until),
      seed: config.seed,
      resamples: config.evaluate.bootstrap,
      level: 0.95,
      target: "purchase",
      horizonMs: Infinity,
      maxHistory: 50,
      ttlMs: 86_400_000,
    });
  } catch (e) {
    if (!(e instanceof CartliftError)) throw e;
    return failed(`no evaluation on data after ${until} (${e.message})`);
  }
  const champ = r.models[0].values[primary];
  const cand = r.models[1].values[primary];
  const d = r.models[1].vsBaseline![primary];
  const passed = gatePasses(d, tolerance);
  const f4 = (x: number) => x.toFixed(4);
  const reason =
    `${primary} ${f4(cand)} vs champion ${f4(champ)}, difference ${f4(d.diff)} [${f4(d.low)}, ${f4(d.high)}], ` +
    `tolerance ${tolerance}` +
    (passed ? "" : ": worse beyond the tolerance, and the paired interval excludes zero");
  return {
    champion,
    cut: r.cut!,
    primary,
    champion_value: champ,
    candidate_value: cand,
    diff: d.diff,
    low: d.low,
    high: d.high,
    tolerance,
    passed,
    reason,
  };
}

/**
 * The gate's rule: fail only when the candidate is worse than the champion by more than `tolerance` and the paired
 * interval of the difference (candidate - champion) lies wholly below zero.
 */
export function gatePasses(d: { diff: number; high: number }, tolerance: number): boolean {
  return !(d.diff < -tolerance && d.high < 0);
}
