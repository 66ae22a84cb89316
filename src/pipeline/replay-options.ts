import type { TtlFrom } from "../moments/empty-cart-moments.js";
import type { AttributionWindow } from "../replay/attribution.js";
import type { ResponseAssumptions } from "../replay/response-model.js";

/** The options every moment's replay shares (`cartlift replay <moment>`). */
export interface ReplayOptions {
  data: string;
  /** How the report names the dataset (default: `data`). */
  dataLabel?: string;
  /** Policies: model specs as in evaluate (history, covis, blends, model files); the first is the baseline. */
  policies: string[];
  /** Start of the replay period (default: the middle of the data's span); models see only events before it. */
  since?: number;
  k: number;
  ttlMs: number;
  /** Carts clear `ttlMs` after the last cart activity (default), or each item that long after it was added. */
  ttlFrom?: TtlFrom;
  windows: AttributionWindow[];
  /** History events before a moment given to a policy. */
  maxHistory: number;
  assumptions: ResponseAssumptions;
  seed: number;
  resamples: number;
  level: number;
  threads?: number;
  /** A logged widget's exposures (CSV: ts, user, item, propensity, click, order): adds off-policy estimates. */
  exposures?: string;
  /** Write report.md, report.html and report.json here. */
  reportDir?: string;
  /** Extra breakdowns: "segment" breaks the hit rates and money figures down by the user's segment at the moment. */
  by?: string[];
  /** abandoned-cart: candidate reminder delays in ms for the timing table (default 30m, 1h, 4h, 24h, 72h). */
  delaysMs?: number[];
  /** price-drop: the drop rules, the audience's lookback and the control items drawn per drop (docs/prices.md). */
  priceDrop?: {
    minDrop?: number;
    referenceWindowMs?: number;
    minObservations?: number;
    lookbackMs?: number;
    controlItems?: number;
  };
  onPhase?: (label: string) => void;
}
