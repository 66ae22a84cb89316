import type { ArmUnits } from "./compare-arms.js";
import type { ExperimentConfig } from "./experiment-config.js";
import type { ExperimentReadReport, Interval, MetricResult } from "./experiment-report.js";

const QUARTER_WEEKS = 13;

/**
 * Incremental orders and revenue of each treatment arm: the per-user difference to control times the arm's triggered
 * users (over the experiment), and times a quarter of triggered users at the experiment's weekly rate (assumed: the
 * same traffic and the same effect per user if every triggered user got the treatment).
 */
export function incrementalOutcomes(
  e: ExperimentConfig,
  units: ArmUnits,
  metrics: MetricResult[],
  total: number,
  daysRead: number,
): ExperimentReadReport["incremental"] {
  const orders = metrics.find((m) => m.metric === "orders-per-user")!;
  const revenue = metrics.find((m) => m.metric === "revenue-per-user")!;
  const weekly = total / Math.max(1 / 7, daysRead / 7);
  const scale = (i: Interval, k: number): Interval => [i[0] * k, i[1] * k];
  return orders.comparisons.map((o, x) => {
    const r = revenue.comparisons[x];
    const n = units[e.arms.indexOf(o.arm)].length;
    const quarter = weekly * QUARTER_WEEKS;
    return {
      arm: o.arm,
      orders: o.difference * n,
      ordersInterval: scale(o.interval, n),
      revenue: r.difference * n,
      revenueInterval: scale(r.interval, n),
      quarterOrders: o.difference * quarter,
      quarterOrdersInterval: scale(o.interval, quarter),
      quarterRevenue: r.difference * quarter,
      quarterRevenueInterval: scale(r.interval, quarter),
      weeklyTriggeredUsers: weekly,
    };
  });
}
