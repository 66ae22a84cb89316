import { seededRandom } from "../data/random.js";
import { assignArm } from "../experiment/assign-arm.js";
import type { ExperimentConfig } from "../experiment/experiment-config.js";
import type { ExperimentTruth } from "./experiment.js";
import type { WidgetConfig } from "./sim-config.js";
import type { ShopperSink } from "./shopper.js";
import type { TriggeredAlerts, TriggeredMessageMoment } from "./triggered-alerts.js";
import { clickProbability } from "./widget.js";
import { priceAt, type World } from "./world.js";

/**
 * The message of a simulated abandoned-cart experiment (docs/experiments.md), a reminder: each shown item is clicked
 * with sigmoid(clickBias + clickSlope x affinity + reminder x [the user wanted it: wishlisted or carted, or left it in
 * the cart]) and a click becomes an order with orderRate. --click-bias and --order-rate override it.
 */
export const MESSAGE_WIDGET: WidgetConfig = {
  k: 1,
  policy: "random",
  epsilon: 0,
  candidates: 0,
  clickBias: -2.5,
  clickSlope: 1.5,
  orderRate: 0.27,
  historyCandidates: 0,
  reminder: 1.5,
  novelty: 0,
};

/** A price-drop alert reaches the drop's whole audience, viewers too: a lower click logit than a cart reminder's. */
export const MESSAGE_WIDGETS: Record<TriggeredMessageMoment, WidgetConfig> = {
  "abandoned-cart": MESSAGE_WIDGET,
  "price-drop": { ...MESSAGE_WIDGET, clickBias: -3.5 },
};

const DAY = 86_400_000;
/** A message goes out this long after its moment... */
export const MESSAGE_DELAY_MS = 3_600_000;
/** ...and a user who responds buys at a uniform time within this long of it (the view 2 s before). */
export const RESPONSE_SPAN_MS = 3 * DAY;
/** Order numbers of message orders, and session numbers of the visits a message brings. */
const MESSAGE_ORDER_BASE = 200_000;
const MESSAGE_SESSION_BASE = 1_000_000;

interface Purchase {
  ts: number;
  order: number;
  price: number;
}

/**
 * Wraps a shopper sink for `cartlift simulate --experiment` with a price-drop or abandoned-cart experiment. The
 * moments come from the organic shop (`triggeredAlerts`), so they are the ones `experiment read` finds; a message
 * never changes the user's own behaviour and its purchases come after the moment, in a visit of their own, so the
 * triggered users and their first moments are the same in every arm. Treated users get each message: per shown item
 * a click and an order drawn from the message's own stream (seed, user, message), the purchase at a uniform time
 * within RESPONSE_SPAN_MS of sending. The truth per triggered user (all arms) is exact: the expected outcome with the
 * messages minus without, over the message's draws (conversion: 1 - P(no message order in the window) for users who
 * did not buy anyway); `realisedDifference` is the same from the draws that were made (drawn for control users too).
 * Call `endUser(u)` after each user's timeline (and the drop effect's reactions).
 */
export function triggeredExperimentSink(
  w: World,
  e: ExperimentConfig,
  cfg: WidgetConfig,
  triggered: TriggeredAlerts,
  inner: ShopperSink,
  exposure: (line: string) => void,
) {
  const logEnd = w.config.start + w.config.days * DAY;
  const cutoff = Math.min(e.end, logEnd);
  const names = ["conversion", "orders-per-user", "revenue-per-user"] as const;
  const totals = { users: 0, untreated: [0, 0, 0], expected: [0, 0, 0], realised: [0, 0, 0], clicks: 0, messages: 0 };
  const byArm = Object.fromEntries(e.arms.map((a) => [a, 0]));
  let purchases: Purchase[] = [];
  /** The chance that a response sent at `sent` lands before time `y` (whole ms). */
  const before = (sent: number, y: number) => Math.min(1, Math.max(0, Math.ceil(y - sent) / RESPONSE_SPAN_MS));
  const sink: ShopperSink = {
    ...inner,
    event(ts, user, session, event, item, price, order) {
      if (event === "purchase") purchases.push({ ts: Math.round(ts), order, price: Math.round(price * 100) / 100 });
      inner.event(ts, user, session, event, item, price, order);
    },
  };
  return {
    sink,
    endUser(u: number): void {
      const mine = purchases;
      purchases = [];
      const alerts = triggered.alerts.get(u);
      const first = triggered.first[u];
      if (!alerts || Number.isNaN(first)) return;
      const arm = assignArm(`u${u}`, e);
      const treated = arm !== e.control;
      totals.users++;
      byArm[arm]++;
      const orders = new Set<number>();
      let converted = false;
      let untreatedOrders = 0;
      let untreatedRevenue = 0;
      for (const p of mine)
        if (p.ts >= first && p.ts < e.end) {
          converted = true;
          if (p.order < 0 || !orders.has(p.order)) untreatedOrders++;
          if (p.order >= 0) orders.add(p.order);
          untreatedRevenue += p.price;
        }
      let logNoOrder = 0;
      let expOrders = 0;
      let expRevenue = 0;
      let realOrders = 0;
      let realRevenue = 0;
      let messageOrders = 0;
      alerts.forEach((a, k) => {
        totals.messages++;
        const random = seededRandom(
          (Math.imul(w.config.seed ^ 0x3c6ef372, 0x9e3779b1) ^
            Math.imul(u + 1, 0x85ebca6b) ^
            Math.imul(k + 1, 0xc2b2ae35)) >>>
            0,
        );
        const sent = a.at + MESSAGE_DELAY_MS;
        const session = MESSAGE_SESSION_BASE + k;
        a.items.forEach((item, position) => {
          const ctx = { expired: new Set(a.wanted[position] ? [item] : []), seen: new Set(a.items) };
          const p = clickProbability(w, cfg, u, item, ctx);
          const q = p * cfg.orderRate;
          // the price at the purchase: the item's drop (if any) splits the response span
          const dropAt = Math.ceil(w.priceDropAt[item]);
          const inWindow = before(sent, cutoff);
          const atBase = before(sent, Math.min(cutoff, dropAt));
          const base = w.basePrice[item];
          const dropped = priceAt(w, item, Infinity);
          totals.clicks += p;
          expOrders += q * inWindow;
          expRevenue += q * (base * atBase + dropped * (inWindow - atBase));
          logNoOrder += Math.log1p(-q * inWindow);
          const buyAt = sent + Math.floor(random() * RESPONSE_SPAN_MS);
          const click = random() < p;
          const order = click && random() < cfg.orderRate;
          const price = priceAt(w, item, buyAt);
          if (order && buyAt < cutoff) {
            realOrders++;
            realRevenue += price;
          }
          if (!treated || sent >= logEnd) return;
          exposure(
            `${new Date(sent).toISOString()},u${u},${arm},i${item},${position},${click ? 1 : 0},${order ? 1 : 0}`,
          );
          if (click && buyAt - 2000 < logEnd) inner.event(buyAt - 2000, u, session, "view", item, price, -1);
          if (order && buyAt < logEnd)
            inner.event(buyAt, u, session, "purchase", item, price, MESSAGE_ORDER_BASE + messageOrders++);
        });
      });
      totals.untreated[0] += converted ? 1 : 0;
      totals.untreated[1] += untreatedOrders;
      totals.untreated[2] += untreatedRevenue;
      totals.expected[0] += converted ? 0 : 1 - Math.exp(logNoOrder);
      totals.expected[1] += expOrders;
      totals.expected[2] += expRevenue;
      totals.realised[0] += !converted && realOrders > 0 ? 1 : 0;
      totals.realised[1] += realOrders;
      totals.realised[2] += realRevenue;
    },
    finish(): ExperimentTruth {
      const n = Math.max(1, totals.users);
      const metrics = Object.fromEntries(
        names.map((name, k) => {
          const untreated = totals.untreated[k] / n;
          const trueDifference = totals.expected[k] / n;
          return [
            name,
            {
              untreated,
              trueDifference,
              trueRelative: trueDifference / untreated,
              realisedDifference: totals.realised[k] / n,
            },
          ];
        }),
      ) as ExperimentTruth["metrics"];
      return {
        experiment: e.name,
        moment: e.moment,
        triggeredUsers: totals.users,
        byArm,
        metrics,
        expectedClicksPerUser: totals.clicks / n,
        messagesPerUser: totals.messages / n,
        widget: cfg,
        note:
          "trueDifference: the mean over triggered users (all arms) of each user's expected outcome in the window " +
          "(first moment to the experiment's end) with the messages minus without, given their own behaviour (the " +
          "message never changes it): the parameter the read estimates; realisedDifference: the same from the " +
          "message's draws as made (drawn for every arm); the moments are those experiment read detects (default TTL)",
      };
    },
  };
}
