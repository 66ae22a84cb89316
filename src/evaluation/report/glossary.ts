import type { EvalReport } from "../eval-report.js";
import { formatLevel, SIGNIFICANT_MARK } from "./report-format.js";
import type { Section } from "./section.js";

/**
 * What each figure of the report means, in one table at its end (definitions: docs/metrics.md). The ranking metrics
 * are per case, at each k, then averaged over cases; a case has a set of target items and the model's top k.
 */
const METRIC_TERMS: Record<string, string> = {
  HR: "Hit rate: 1 when a target is in the top k, else 0. The share of cases with at least one hit.",
  Recall: "Targets found in the top k, divided by the case's number of targets.",
  Precision: "Targets found in the top k, divided by k (a list shorter than k still divides by k).",
  MRR: "Mean reciprocal rank: 1 / the rank of the first target found in the top k, or 0 when none is.",
  NDCG: "Normalised discounted cumulative gain: the sum of 1 / log2(rank + 1) over the targets found, divided by the best sum possible for that many targets (binary relevance).",
  MAP: "Mean average precision: per case, the sum over targets found of (targets found so far / rank), divided by the smaller of k and the number of targets.",
};

export function glossarySection(r: EvalReport): Section {
  const level = formatLevel(r.bootstrap.level);
  const terms: [string, string][] = r.metrics.map((m) => [
    `${m}@k`,
    METRIC_TERMS[m] ?? "A ranking metric at cut-off k (see docs/metrics.md).",
  ]);
  terms.push(
    [
      "Interval",
      `The ${level} percentile bootstrap interval of the mean; the cases of a group are resampled together.`,
    ],
    ...(r.models.length > 1
      ? ([
          [
            "Δ",
            `Model minus the baseline (the first model) on the same resampled groups (a paired bootstrap); ${SIGNIFICANT_MARK} when its ${level} interval excludes 0.`,
          ],
        ] as [string, string][])
      : []),
    ["Coverage", "Distinct items recommended over all cases, divided by the items known at training time."],
    [
      "Popularity percentile",
      "Mean over recommended items of their training-popularity percentile (100 = the most popular item); low values mean the long tail.",
    ],
    ["Reminder share", "Recommended items already in the case's history: items the user saw, carted or bought before."],
  );
  if (r.models.some((m) => m.otto))
    terms.push([
      "OTTO score",
      "0.10 × clicks + 0.30 × carts + 0.60 × orders recall@20, each recall summed over sessions (the OTTO competition metric).",
    ]);
  return {
    kind: "glossary",
    title: [{ text: "Glossary", kind: "plain" }],
    table: {
      columns: [[{ text: "Term", kind: "plain" }], [{ text: "Meaning", kind: "plain" }]],
      numeric: [false, false],
      rows: terms.map(([term, meaning]) => [
        { content: [{ text: term, kind: "text" }] },
        { content: [{ text: meaning, kind: "text" }] },
      ]),
    },
    notes: [],
  };
}
