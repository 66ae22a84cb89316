/**
 * Everything that shapes a simulated shop. The defaults are calibrated to the real samples in
 * ../shared/datasets (docs/simulate.md lists the figures matched and how close they come).
 */
export interface SimConfig {
  seed: number;
  users: number;
  items: number;
  days: number;
  /** Epoch ms of the first day. */
  start: number;
  /** Latent dimensions of items and users. */
  dims: number;
  /** Items per category on average (categories = items / this). */
  itemsPerCategory: number;
  /** Zipf exponent of item popularity. */
  zipf: number;
  /** Substitutes kept per item (nearest in its category) and complements (from related categories). */
  substitutes: number;
  complements: number;
  /** Session length: a mix of two geometric laws (short browsing, long research). */
  sessionMeanShort: number;
  sessionMeanLong: number;
  sessionLongShare: number;
  /** Median seconds between events of a session, and its log-scale spread. */
  gapMedianSeconds: number;
  gapSigma: number;
  /** Next view: a substitute of the current item, a complement, else a fresh pick. */
  wanderSubstitute: number;
  wanderComplement: number;
  /** Cart add, wishlist add and buy-now (purchase without cart) per view, at an average affinity. */
  cartRate: number;
  wishlistRate: number;
  buyNowRate: number;
  /** How strongly the user's affinity moves the cart rate (logit slope). */
  affinitySlope: number;
  /** Carted items bought by the session's end; carted items removed. */
  buyCartedRate: number;
  removeRate: number;
  /**
   * After a session: the chance of coming back (higher with items left in the cart), and the median days until then.
   */
  returnRate: number;
  cartReturnRate: number;
  returnMedianDays: number;
  /**
   * On a return to an expired cart: the chance that the session starts from an expired item, and that it is carted
   * again then.
   */
  resumeRate: number;
  resumeCartRate: number;
  cartTtlMs: number;
  /** Share of items whose price drops once during the period (by 10-30%). */
  priceDropShare: number;
  /**
   * The known effect of a drop (docs/prices.md): the chance that a user with the dropped item on their wishlist or in
   * their cart buys it because of the drop. Unset (the default): no effect, and the same bytes as before it existed.
   */
  priceDropEffect?: number;
  /**
   * When prices drop: at random times (default), or after the item's demand has started to fall (its fresh views fade
   * over the 7 days before the drop, to a tenth): the confounded case of the bench.
   */
  priceDropTiming?: "random" | "falling-demand";
  widget: WidgetConfig | null;
}

/** The empty-cart widget: shown at every empty-cart moment, under a logging policy. */
export interface WidgetConfig {
  /** Slate size. */
  k: number;
  /** Logging policy: uniformly random over the candidates, or epsilon-greedy over them (by popularity). */
  policy: "random" | "epsilon-greedy";
  epsilon: number;
  /** Candidates: the expired items, their substitutes and complements. */
  candidates: number;
  /**
   * The user's last distinct history items (most recent first) added to the candidates after the expired items: a
   * logging policy that also shows what the user looked at, so that history-based policies stay inside its support.
   */
  historyCandidates: number;
  /**
   * True response: P(click) = sigmoid(clickBias + clickSlope x affinity + reminder x [the item expired at this moment]
   * + novelty x [the item is not in the user's recorded history]); P(order | click). reminder and novelty (logit
   * boosts, default 0) give worlds where the widget works by reminding or by showing something new.
   */
  clickBias: number;
  clickSlope: number;
  reminder: number;
  novelty: number;
  orderRate: number;
}

/**
 * History events recorded with each moment (moments.jsonl), and the novelty window of the click model: replay's
 * --max-history default, so that a policy sees the same history in the replay and in `simulate truth`.
 */
export const MOMENT_HISTORY_EVENTS = 50;

export const SIM_DEFAULTS: SimConfig = {
  seed: 42,
  users: 10_000,
  items: 5_000,
  days: 14,
  start: Date.parse("2024-01-01T00:00:00Z"),
  dims: 8,
  itemsPerCategory: 50,
  zipf: 1.0,
  substitutes: 10,
  complements: 5,
  sessionMeanShort: 2.2,
  sessionMeanLong: 9,
  sessionLongShare: 0.15,
  gapMedianSeconds: 45,
  gapSigma: 1.1,
  wanderSubstitute: 0.55,
  wanderComplement: 0.1,
  cartRate: 0.005,
  wishlistRate: 0.003,
  buyNowRate: 0.0045,
  affinitySlope: 1.0,
  buyCartedRate: 0.55,
  removeRate: 0.1,
  returnRate: 0.45,
  cartReturnRate: 0.7,
  returnMedianDays: 2,
  resumeRate: 0.3,
  resumeCartRate: 0.25,
  cartTtlMs: 24 * 3_600_000,
  priceDropShare: 0.2,
  widget: null,
};

export const WIDGET_DEFAULTS: WidgetConfig = {
  k: 6,
  policy: "random",
  epsilon: 0.2,
  candidates: 30,
  historyCandidates: 0,
  clickBias: -6.7,
  clickSlope: 1.5,
  reminder: 0,
  novelty: 0,
  orderRate: 0.27,
};
