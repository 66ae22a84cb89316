import { seededRandom } from "../data/random.js";
import { Draw } from "../data/distributions.js";
import { assignArm } from "../experiment/assign-arm.js";
import type { ExperimentConfig } from "../experiment/experiment-config.js";
import type { WidgetConfig } from "./sim-config.js";
import type { ShopperSink, SimEventName } from "./shopper.js";
import { clickProbability, widgetCandidates } from "./widget.js";
import { priceAt, type World } from "./world.js";

/** The widget of a simulated experiment: shown to treatment arms at every moment of the experiment. */
export const EXPERIMENT_WIDGET: WidgetConfig = {
  k: 6,
  policy: "random",
  epsilon: 0,
  candidates: 30,
  clickBias: -6,
  clickSlope: 1.5,
  orderRate: 0.27,
  historyCandidates: 0,
  reminder: 0,
  novelty: 0,
};

/** Order numbers of widget orders start here (the shopper's own count from 0). */
const WIDGET_ORDER_BASE = 100_000;

/** The known effect: per metric, the mean over triggered users of the expected treated minus untreated outcome. */
export interface ExperimentTruth {
  experiment: string;
  moment: string;
  triggeredUsers: number;
  byArm: Record<string, number>;
  /** Mean per triggered user: the outcome without the widget (as realised), and the true effect of showing it. */
  metrics: Record<
    "conversion" | "orders-per-user" | "revenue-per-user",
    { untreated: number; trueDifference: number; trueRelative: number; realisedDifference?: number }
  >;
  expectedClicksPerUser: number;
  /** Price-drop and abandoned-cart experiments: the messages per triggered user (one per moment in the window). */
  messagesPerUser?: number;
  widget: WidgetConfig;
  note: string;
}

interface UserState {
  arm: string;
  treated: boolean;
  first: number;
  convert: boolean;
  orders: Set<number>;
  revenue: number;
  expOrders: number;
  expRevenue: number;
  expClicks: number;
  logNoOrder: number;
  widgetOrders: number;
}

/**
 * Wraps a shopper sink for `cartlift simulate --experiment`: users are assigned with assignArm; at every moment of the
 * experiment (a session's first event for `any`, each cart_add for `add-to-cart`, each simulated empty-cart return for
 * `empty-cart`) a treated user sees the k most popular widget candidates, clicks each with the world's click chance and
 * orders a click with `orderRate`. The widget draws from its own random stream and leaves the shopper's cart alone, so
 * a user's own behaviour is the same in every arm and the effect is exactly additive: the truth is computed per user
 * from the click and order chances (conversion: 1 - P(no widget order), for users who did not buy anyway).
 */
export function experimentSink(
  w: World,
  e: ExperimentConfig,
  cfg: WidgetConfig,
  inner: ShopperSink,
  exposure: (line: string) => void,
): { sink: ShopperSink; finish(): ExperimentTruth } {
  const control = e.control;
  let user = -1;
  let state: UserState | null = null;
  let lastSession = -1;
  const totals = { users: 0, untreated: [0, 0, 0], effect: [0, 0, 0], clicks: 0 };
  const byArm = Object.fromEntries(e.arms.map((a) => [a, 0]));
  let draw: Draw | null = null;
  const close = () => {
    if (!state || !(state.first >= e.start)) return;
    totals.users++;
    byArm[state.arm]++;
    totals.untreated[0] += state.convert ? 1 : 0;
    totals.untreated[1] += state.orders.size;
    totals.untreated[2] += state.revenue;
    totals.effect[0] += state.convert ? 0 : 1 - Math.exp(state.logNoOrder);
    totals.effect[1] += state.expOrders;
    totals.effect[2] += state.expRevenue;
    totals.clicks += state.expClicks;
  };
  const begin = (u: number) => {
    close();
    user = u;
    lastSession = -1;
    const arm = assignArm(`u${u}`, e);
    state = {
      arm,
      treated: arm !== control,
      first: NaN,
      convert: false,
      orders: new Set(),
      revenue: 0,
      expOrders: 0,
      expRevenue: 0,
      expClicks: 0,
      logNoOrder: 0,
      widgetOrders: 0,
    };
    draw = new Draw(seededRandom((Math.imul(w.config.seed + 7, 0x27d4eb2d) ^ Math.imul(u + 1, 0x165667b1)) >>> 0));
  };
  const inWindow = (ts: number) => ts >= e.start && ts < e.end;
  const moment = (u: number, session: number, ts: number, seeds: readonly number[]) => {
    const s = state!;
    if (Number.isNaN(s.first)) s.first = ts;
    const candidates = widgetCandidates(w, seeds, cfg.candidates).filter(
      (i) => e.moment === "empty-cart" || !seeds.includes(i),
    );
    const slate = candidates.sort((a, b) => w.popularity[b] - w.popularity[a] || a - b).slice(0, cfg.k);
    let at = ts + 1000;
    slate.forEach((item, position) => {
      const p = clickProbability(w, cfg, u, item);
      const q = p * cfg.orderRate;
      const price = priceAt(w, item, ts);
      s.expClicks += p;
      s.expOrders += q;
      s.expRevenue += q * price;
      s.logNoOrder += Math.log1p(-q);
      if (!s.treated) return;
      const click = draw!.chance(p);
      const order = click && draw!.chance(cfg.orderRate);
      exposure(
        `${new Date(Math.round(ts)).toISOString()},u${u},${s.arm},i${item},${position},${click ? 1 : 0},${order ? 1 : 0}`,
      );
      if (!click) return;
      inner.event(at, u, session, "view", item, price, -1);
      if (order) {
        const id = WIDGET_ORDER_BASE + s.widgetOrders++;
        inner.event(at + 1000, u, session, "cart_add", item, price, -1);
        inner.event(at + 2000, u, session, "purchase", item, price, id);
      }
      at += 10_000;
    });
  };
  const sink: ShopperSink = {
    event(ts, u, session, event: SimEventName, item, price, order) {
      if (u !== user) begin(u);
      inner.event(ts, u, session, event, item, price, order);
      const s = state!;
      if (event === "purchase" && s.first <= ts && ts < e.end) {
        s.convert = true;
        s.orders.add(order);
        s.revenue += price;
      }
      const newSession = session !== lastSession;
      lastSession = session;
      if (!inWindow(ts)) return;
      if ((e.moment === "any" && newSession) || (e.moment === "add-to-cart" && event === "cart_add"))
        moment(u, session, ts, [item]);
    },
    moment(m) {
      if (m.user !== user) begin(m.user);
      inner.moment?.(m);
      if (e.moment === "empty-cart" && inWindow(m.ts)) moment(m.user, m.session, m.ts, m.expired);
    },
  };
  return {
    sink,
    finish() {
      close();
      state = null;
      const n = Math.max(1, totals.users);
      const names = ["conversion", "orders-per-user", "revenue-per-user"] as const;
      const metrics = Object.fromEntries(
        names.map((name, k) => {
          const untreated = totals.untreated[k] / n;
          const trueDifference = totals.effect[k] / n;
          return [name, { untreated, trueDifference, trueRelative: trueDifference / untreated }];
        }),
      ) as ExperimentTruth["metrics"];
      return {
        experiment: e.name,
        moment: e.moment,
        triggeredUsers: totals.users,
        byArm,
        metrics,
        expectedClicksPerUser: totals.clicks / n,
        widget: cfg,
        note: "trueDifference: the mean over triggered users (all arms) of each user's expected outcome with the widget minus without it, given their own behaviour; the widget never changes that behaviour, so the effect is additive and exact",
      };
    },
  };
}
