/** The features after each neighbour list's `<name>_score` and `<name>_rank`, in row order (docs/rerank.md). */
export const FIXED_FEATURES = [
  "model_rank",
  "hist_views",
  "hist_carts",
  "hist_buys",
  "hist_other",
  "hist_recency",
  "hist_hours",
  "is_last",
  "pop_all",
  "pop_recent",
  "sim_last",
  "sim_session",
  "last_item_score",
  "session_length",
  "since_last",
  "category_last",
  "category_share",
  "price_rel",
  "price_known",
] as const;

/** Every feature's name for these neighbour lists (with `session_score` last when `session` is set). */
export function featureNames(lists: readonly string[], session = false): string[] {
  return [
    ...lists.flatMap((n) => [`${n}_score`, `${n}_rank`]),
    ...FIXED_FEATURES,
    ...(session ? ["session_score"] : []),
  ];
}
