import { moneyRange, type Range } from "./validity-money.js";

/**
 * The explicit response model that turns replayed empty-cart moments into expected widget results
 * when no widget was logged (docs/replay.md). Every number it produces rests on its two assumptions;
 * the defaults are the published case's figures, not measurements of this shop.
 */
export interface ResponseAssumptions {
  /** Share of widget impressions with a click (the case's widget engagement rate). */
  engagementRate: number;
  /** Share of clicks that become an order (the case's click-to-purchase conversion). */
  clickToOrder: number;
  /** abandoned-cart reminders: the share opened (engagement is then clicks per open). */
  openRate?: number;
}

export const CASE_STUDY: ResponseAssumptions = { engagementRate: 0.0249, clickToOrder: 0.27 };

export interface LiftEstimate {
  impressions: number;
  clicks: number;
  orders: number;
  /**
   * Orders that would have happened anyway: the share of moments where the user bought a shown item without the widget.
   */
  organicShare: number;
  incrementalOrders: number;
  revenue: number;
  incrementalRevenue: number;
  /**
   * Each money figure's range: how far a policy's own engagement may differ from the assumed one, from the validity
   * family (src/replay/validity-money.ts). It takes the two rates as given.
   */
  range: { orders: Range; incrementalOrders: Range; revenue: Range; incrementalRevenue: Range };
}

/**
 * impressions = moments (one widget view each); clicks = impressions x engagement; orders = clicks x
 * click-to-order; incremental = orders x (1 - organic share); revenue = orders x the mean price of the
 * shown items.
 */
export function liftEstimate(
  moments: number,
  organicShare: number,
  orderValue: number,
  a: ResponseAssumptions,
): LiftEstimate {
  const clicks = moments * a.engagementRate;
  const orders = clicks * a.clickToOrder;
  const incrementalOrders = orders * (1 - organicShare);
  return {
    impressions: moments,
    clicks,
    orders,
    organicShare,
    incrementalOrders,
    revenue: orders * orderValue,
    incrementalRevenue: incrementalOrders * orderValue,
    range: {
      orders: moneyRange(orders),
      incrementalOrders: moneyRange(incrementalOrders),
      revenue: moneyRange(orders * orderValue),
      incrementalRevenue: moneyRange(incrementalOrders * orderValue),
    },
  };
}
