/**
 * What `cartlift evaluate` returns (and prints with --json). Metric values are keyed "<metric>@<k>",
 * e.g. "HR@20", "MRR@20"; every key of `values` has an interval, and for every model after the first
 * (the baseline) a paired difference.
 */
export interface EvalReport {
  /** "session-next" | "session-future" | "user-holdout" | "empty-cart" | "external" (scored recs files). */
  protocol: string;
  /** Dataset directory, or the recs file for "external". */
  data: string;
  /** ISO time of the train/test cut: models see only events before it (null for "external"). */
  cut: string | null;
  seed: number;
  /** The cut-offs, ascending, e.g. [5, 10, 20]. */
  ks: number[];
  /** Metric names in display order, e.g. ["HR", "Recall", "Precision", "MRR", "NDCG", "MAP"]. */
  metrics: string[];
  /** Evaluation cases (queries) scored. */
  cases: number;
  /** Bootstrap units (test sessions or users): cases of one unit are resampled together. */
  groups: number;
  bootstrap: { resamples: number; level: number };
  /** Protocol bookkeeping, e.g. { testSessions, droppedUnknownTargets, ... }: counts that reconcile. */
  caseStats: Record<string, number>;
  models: ModelResult[];
  /** Wall time (absent in the report files, which are byte-identical for the same input and seed). */
  seconds?: number;
}

export interface ModelResult {
  /** Display name (unique in the report). */
  name: string;
  /** The spec it was built from: "covis", "covis[normalise=cosine]:0.7+history:0.3", a model file path. */
  spec: string;
  /** Wall times (absent in the report files). */
  trainSeconds?: number;
  recommendSeconds?: number;
  /** How training ran on this machine (item2vec: the tensor backend); left out of the report files. */
  run?: Record<string, unknown>;
  /** "HR@20" -> mean over cases. */
  values: Record<string, number>;
  /** "HR@20" -> [low, high], percentile bootstrap at `bootstrap.level`. */
  intervals: Record<string, [number, number]>;
  /** Versus the first model (absent on the first): paired bootstrap of the difference (this - baseline). */
  vsBaseline?: Record<string, { diff: number; low: number; high: number; significant: boolean }>;
  /** List-level figures at the largest k. */
  lists: {
    /** Distinct recommended items / items known at training time. */
    coverage: number;
    /** Mean popularity percentile of recommended items (100 = the most popular training item). */
    popularityPercentile: number;
    /** Share of recommended items that are already in the case's history (reminders). */
    reminderShare: number;
  };
  /** Metric means at the largest k within subsets of the cases. */
  breakdowns: Breakdown[];
  /** session-future only: OTTO's per-type recall@20 and its weighted score (0.10 clicks + 0.30 carts + 0.60 orders). */
  otto?: { clicks: number; carts: number; orders: number; score: number };
}

export interface Breakdown {
  /** e.g. "user", "earlier cart", "history length", "target event". */
  name: string;
  buckets: {
    label: string;
    cases: number;
    values: Record<string, number>;
    /** Bootstrap intervals of the values (--by segment breakdowns). */
    intervals?: Record<string, [number, number]>;
  }[];
}
