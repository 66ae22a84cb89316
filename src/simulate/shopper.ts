import { seededRandom } from "../data/random.js";
import { Draw } from "../data/distributions.js";
import { MOMENT_HISTORY_EVENTS } from "./sim-config.js";
import {
  clickProbability,
  drawSlate,
  momentContext,
  recentItems,
  showProbabilities,
  widgetCandidates,
  type MomentContext,
} from "./widget.js";
import { affinity, demandAt, priceAt, type World } from "./world.js";

export type SimEventName = "view" | "cart_add" | "cart_remove" | "wishlist_add" | "purchase";

/** Where a simulated user's output goes. */
export interface ShopperSink {
  event(
    ts: number,
    user: number,
    session: number,
    event: SimEventName,
    item: number,
    price: number,
    order: number,
  ): void;
  /** An empty-cart moment (widget or not): who, when, what expired, and the recent history. */
  moment?(m: SimMoment): void;
  /** One shown widget item. */
  exposure?(e: SimExposure): void;
  /** An add-to-cart or abandoned-cart moment, as the simulator knows it (docs/simulate.md). */
  cartMoment?(m: SimCartMoment): void;
}

/**
 * The simulator's own record of its cart moments: every cart add, and every session that ends with cart activity
 * (an add, a remove or any purchase) and items still in the cart: its last event's time, the items left, and when
 * the user really comes back (the next session's start, even past the end of the log; null: never).
 */
export type SimCartMoment =
  | { moment: "add-to-cart"; user: number; session: number; ts: number; item: number }
  | {
      moment: "abandoned-cart";
      user: number;
      session: number;
      ts: number;
      items: number[];
      returnAt: number | null;
    };

export interface SimMoment {
  user: number;
  session: number;
  ts: number;
  expired: number[];
  candidates: number[];
  /** The user's last events before the moment (item, event, ts), oldest first: at most MOMENT_HISTORY_EVENTS. */
  history: { item: number; event: SimEventName; ts: number }[];
}

export interface SimExposure {
  ts: number;
  user: number;
  session: number;
  item: number;
  position: number;
  propensity: number;
  click: boolean;
  order: boolean;
}

const DAY = 86_400_000;
const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * One user's whole timeline, in time order. Each user has their own random stream (from the seed and
 * the user's number), so users can be simulated in any order or in parallel with the same output.
 */
export function simulateUser(w: World, u: number, sink: ShopperSink): void {
  const c = w.config;
  const draw = new Draw(seededRandom((Math.imul(c.seed, 0x9e3779b1) ^ Math.imul(u + 1, 0x85ebca6b)) >>> 0));
  const end = c.start + c.days * DAY;
  const cart = new Map<number, true>();
  const history: SimMoment["history"] = [];
  let lastCart = -Infinity;
  let expired: number[] | null = null;
  let orders = 0;
  let session = 0;
  let t = c.start + draw.uniform() * c.days * DAY;
  let lastTs = -Infinity; // the session's last event
  let cartActivity = false; // in this session
  const keepHistory = sink.moment !== undefined && c.widget !== null; // only moments files carry it
  const emit = (ts: number, event: SimEventName, item: number, order = -1) => {
    sink.event(ts, u, session, event, item, priceAt(w, item, ts), order);
    lastTs = ts;
    if (event === "cart_add" || event === "cart_remove" || event === "purchase") cartActivity = true;
    if (!keepHistory) return;
    history.push({ item, event, ts });
    if (history.length > MOMENT_HISTORY_EVENTS) history.shift();
  };
  const expire = (ts: number) => {
    if (cart.size > 0 && ts - lastCart > c.cartTtlMs) {
      expired = [...cart.keys()];
      cart.clear();
    }
  };
  const cartAdd = (ts: number, item: number) => {
    emit(ts, "cart_add", item);
    sink.cartMoment?.({ moment: "add-to-cart", user: u, session, ts, item });
    cart.set(item, true);
    lastCart = ts;
    expired = null; // added something since: no longer an empty cart on return
  };
  while (t < end) {
    expire(t);
    let item = -1;
    let resumed = false; // the session starts from an expired item: the intent is back
    if (expired !== null) {
      const lost: number[] = expired;
      expired = null;
      const recent = c.widget?.historyCandidates ? recentItems(history, c.widget.historyCandidates) : [];
      const candidates = c.widget ? widgetCandidates(w, lost, c.widget.candidates, recent) : [];
      sink.moment?.({ user: u, session, ts: t, expired: lost, candidates, history: [...history] });
      if (c.widget && candidates.length > 0) t = showWidget(t, candidates, momentContext(lost, history));
      if (draw.chance(c.resumeRate)) {
        item = lost[draw.below(lost.length)];
        resumed = true;
      }
    }
    const length = draw.chance(c.sessionLongShare)
      ? draw.geometric(c.sessionMeanLong)
      : draw.geometric(c.sessionMeanShort);
    if (item < 0) item = freshPick();
    const bought: number[] = [];
    for (let e = 0; e < length && t < end; e++) {
      expire(t);
      emit(t, "view", item);
      const aff = affinity(w, u, item);
      if (e === 0 && resumed && draw.chance(c.resumeCartRate)) cartAdd(t + 2000, item);
      else if (draw.chance(sigmoid(logit(c.cartRate) + c.affinitySlope * aff))) cartAdd(t + 2000, item);
      else if (draw.chance(sigmoid(logit(c.buyNowRate) + c.affinitySlope * aff))) bought.push(item);
      if (draw.chance(c.wishlistRate)) emit(t + 3000, "wishlist_add", item);
      t += 1000 * draw.logNormal(c.gapMedianSeconds, c.gapSigma) + 5000;
      item = nextView(item);
    }
    // the session ends at the checkout: carted items are bought or removed (or stay in the cart)
    for (const carted of [...cart.keys()]) {
      if (draw.chance(c.buyCartedRate)) bought.push(carted);
      else if (draw.chance(c.removeRate)) {
        emit(t, "cart_remove", carted);
        cart.delete(carted);
        lastCart = t;
      }
    }
    if (bought.length > 0) {
      const order = orders++;
      for (const b of bought) {
        emit(t + 1000, "purchase", b, order);
        if (cart.delete(b)) lastCart = t + 1000;
      }
    }
    const abandoned = cartActivity && cart.size > 0 ? [...cart.keys()] : null;
    const ended = { session, ts: lastTs };
    cartActivity = false;
    session++;
    const back = draw.chance(cart.size > 0 ? c.cartReturnRate : c.returnRate);
    if (back) t += Math.max(600_000, draw.logNormal(c.returnMedianDays * DAY, 1.0));
    if (abandoned)
      sink.cartMoment?.({ moment: "abandoned-cart", user: u, ...ended, items: abandoned, returnAt: back ? t : null });
    if (!back) break;
  }

  function freshPick(): number {
    // a few popular candidates, the user's taste chooses among them
    let best = -1;
    let bestScore = -Infinity;
    for (let x = 0; x < 4; x++) {
      let i = w.popularDraw.draw(draw.uniform);
      // falling demand: a fading item is passed over (draws only in that setting, so that others keep their bytes)
      while (w.demandFallAt !== null && !(draw.uniform() < demandAt(w, i, t))) i = w.popularDraw.draw(draw.uniform);
      const s = 2 * affinity(w, u, i) + draw.normal() * 0.5;
      if (s > bestScore) {
        best = i;
        bestScore = s;
      }
    }
    return best;
  }

  function nextView(item: number): number {
    const r = draw.uniform();
    const S = c.substitutes;
    const C = c.complements;
    if (r < c.wanderSubstitute) {
      const j = w.substitutes[item * S + draw.below(S)];
      if (j >= 0) return j;
    } else if (r < c.wanderSubstitute + c.wanderComplement) {
      const j = w.complements[item * C + draw.below(C)];
      if (j >= 0) return j;
    }
    return freshPick();
  }

  function showWidget(ts: number, candidates: number[], ctx: MomentContext): number {
    const cfg = c.widget!;
    const propensity = showProbabilities(w, cfg, candidates);
    const slate = drawSlate(w, cfg, candidates, draw);
    let at = ts;
    slate.forEach((item, position) => {
      const click = draw.chance(clickProbability(w, cfg, u, item, ctx));
      const order = click && draw.chance(cfg.orderRate);
      sink.exposure?.({
        ts,
        user: u,
        session,
        item,
        position,
        propensity: propensity[candidates.indexOf(item)],
        click,
        order,
      });
      if (click) {
        emit(at, "view", item);
        if (order) {
          cartAdd(at + 1000, item);
          emit(at + 2000, "purchase", item, orders++);
          cart.delete(item);
        }
        at += 10_000;
      }
    });
    return at;
  }
}
