import { UsageError } from "../errors.js";
import { momentKind, type MomentName } from "../moments/registry.js";
import type { MomentReport } from "../replay/moment-report.js";
import type { ReplayReport } from "../replay/replay-report.js";
import { replayEmptyCart } from "./replay.js";
import { replayAbandonedCart } from "./replay-abandoned-cart.js";
import { replayAddToCart } from "./replay-add-to-cart.js";
import { replayPriceDrop } from "./replay-price-drop.js";
import type { PriceDropReport } from "../replay/price-drop-report.js";
import type { ReplayOptions } from "./replay-options.js";

/** Any moment's replay report: empty-cart's (no `moment` key, as before) or the others'. */
export type AnyReplayReport = ReplayReport | MomentReport | PriceDropReport;
export type { PriceDropReport };
export type { MomentReport, AddToCartReport, AbandonedCartReport } from "../replay/moment-report.js";

const REPLAYS: Record<MomentName, (o: ReplayOptions) => Promise<AnyReplayReport>> = {
  "empty-cart": replayEmptyCart,
  "add-to-cart": replayAddToCart,
  "abandoned-cart": replayAbandonedCart,
  "price-drop": replayPriceDrop,
};

/**
 * `cartlift replay <moment>`: the moment's replay, found through the moment registry (an unknown moment is a usage
 * error naming the known ones, before anything is read or written).
 */
export function replayMoment(moment: string, o: ReplayOptions): Promise<AnyReplayReport> {
  const kind = momentKind(moment);
  if (kind.name !== "empty-cart" && o.exposures)
    throw new UsageError(`--exposures is for empty-cart: the ${kind.name} replay has no logged widget to read`);
  if (kind.name !== "empty-cart" && o.by?.length)
    throw new UsageError(`--by is for empty-cart; the ${kind.name} replay has no breakdowns yet`);
  return REPLAYS[moment as MomentName](o);
}
