import { duration, eventWeightMap, oneOf, whole, type ModelOption } from "./option-table.js";

/**
 * Options that several kinds have: one declaration each, so a flag or a spec option means the same for every kind that
 * takes it (a test checks that kinds share these objects rather than declare their own).
 */
export const SCOPE: ModelOption = {
  name: "scope",
  key: "scope",
  parse: oneOf(["session", "user"] as const),
  default: "session",
  value: "<session|user>",
  doc: "pairs (covis) or sequences (item2vec) within a session or a user's whole timeline",
};

export const NEIGHBOURS_K: ModelOption = {
  name: "k",
  key: "k",
  parse: whole(1, 10_000),
  default: "50",
  value: "<n>",
  doc: "neighbours kept per item",
};

export const EVENT_WEIGHTS: ModelOption = {
  name: "weights",
  key: "weights",
  parse: eventWeightMap,
  defaultNote: "view=1,cart_add=6,purchase=3,wishlist_add=4 (other types 0)",
  value: "<type=w,...>",
  doc: "event-type weights (inside a spec: view:1|cart_add:6)",
};

export const HALF_LIFE: ModelOption = {
  name: "half-life",
  key: "halfLifeMs",
  parse: duration,
  defaultNote: "none (covis, popular); 3d (history)",
  value: "<duration>",
  doc: "time decay: covis pair weights back from the data's end, popular counts, history item recency",
};

export const WINDOW: ModelOption = {
  name: "window",
  key: "windowMs",
  parse: duration,
  defaultNote: "24h (covis); all the data (popular, history)",
  value: "<duration>",
  doc: "covis: at most this far apart in time; popular and history's fallback: count only this recent window",
};
