import { averagePrecision } from "./average-precision.js";
import { hitRate } from "./hit-rate.js";
import { reciprocalRank } from "./mrr.js";
import { ndcg } from "./ndcg.js";
import { precision } from "./precision.js";
import { recall } from "./recall.js";

/** A per-case ranking metric from the relevant ranks (ascending), their count, the number of targets and k. */
export type CaseMetric = (ranks: Int32Array, found: number, targets: number, k: number) => number;

/** The metrics of every report, in display order (definitions: docs/metrics.md). */
export const METRICS: readonly { name: string; fn: CaseMetric }[] = [
  { name: "HR", fn: hitRate },
  { name: "Recall", fn: recall },
  { name: "Precision", fn: precision },
  { name: "MRR", fn: reciprocalRank },
  { name: "NDCG", fn: ndcg },
  { name: "MAP", fn: averagePrecision },
];

export const metricKey = (name: string, k: number): string => `${name}@${k}`;
