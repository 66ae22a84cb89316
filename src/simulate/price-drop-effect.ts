import { seededRandom } from "../data/random.js";
import type { ShopperSink, SimEventName } from "./shopper.js";
import { demandAt, priceAt, type World } from "./world.js";

const DAY = 86_400_000;
/** The audience's lookback (the replay's default): a wishlist or cart this long before a drop counts. */
const LOOKBACK = 60 * DAY;
/** A reacting user buys within this long after the drop (inside every window the replay measures). */
const REACTION_SPAN = 3 * DAY;
/** With the drop effect on, a wishlister or carter comes back to buy the item on their own with this chance... */
const RETURN_TO_BUY = 0.3;
/** ...after an exponential wait of this mean from their last wishlist or cart event (if the item's demand holds). */
const RETURN_MEAN = 7 * DAY;
/** The windows the truth is given for. */
export const TRUTH_WINDOWS_DAYS = [7, 14] as const;

/** The simulator's known effect of a price drop, per signal and window (`<events>.price-drop-truth.json`). */
export interface PriceDropTruth {
  /** The parameter: the chance that a user with the dropped item on their wishlist or in their cart buys it. */
  dropEffect: number;
  timing: "random" | "falling-demand";
  /** Per signal: eligible (user, drop) pairs, and per window the true effect on buying the item within it. */
  bySignal: Record<
    "wishlisted" | "carted",
    {
      pairs: number;
      windows: Record<string, { effect: number; expectedEffect: number; withoutDrop: number; withDrop: number }>;
    }
  >;
  note: string;
}

interface Seen {
  ts: number;
  event: SimEventName;
  item: number;
}

/**
 * The drop effect (docs/prices.md): wraps a shopper sink; after each user's organic timeline, every item of theirs
 * whose price dropped, which they wishlisted or carted in the 60 days before the drop and had not bought since, is
 * bought because of the drop with chance `effect`: a view and a purchase at a uniform time within 3 days of the drop
 * (before the end of the log). The reaction draws from its own stream (seed, user, item), so the organic timeline is
 * the same with and without the effect: the truth per pair is exact, the purchase it adds where the user would not
 * have bought the item anyway in the window. Previous purchases of the item reset the signal, as in the replay.
 * With the effect on, wishlisters and carters also come back to buy on their own (returnsToBuy): the purchases a
 * drop would have seen anyway, which falling demand takes away.
 */
export function priceDropSink(w: World, effect: number, inner: ShopperSink) {
  const c = w.config;
  const end = c.start + c.days * DAY;
  let seen: Seen[] = [];
  let lastSession = -1;
  let orders = 0;
  const acc = {
    wishlisted: { pairs: 0, added: [0, 0], expected: [0, 0], organic: [0, 0] },
    carted: { pairs: 0, added: [0, 0], expected: [0, 0], organic: [0, 0] },
  };
  const sink: ShopperSink = {
    ...inner,
    event(ts, user, session, event, item, price, order) {
      seen.push({ ts, event, item });
      lastSession = Math.max(lastSession, session);
      if (order >= orders) orders = order + 1;
      inner.event(ts, user, session, event, item, price, order);
    },
  };
  const streamOf = (u: number, item: number, salt: number) =>
    seededRandom(
      (Math.imul(c.seed ^ salt, 0x9e3779b1) ^ Math.imul(u + 1, 0x85ebca6b) ^ Math.imul(item + 1, 0xc2b2ae35)) >>> 0,
    );
  return {
    sink,
    /** After user u's timeline: their reactions to drops, and the truth of each eligible pair. */
    endUser(u: number): void {
      let session = returnsToBuy(u, lastSession);
      const byItem = new Map<number, Seen[]>();
      for (const s of seen)
        if (Number.isFinite(w.priceDropAt[s.item])) (byItem.get(s.item) ?? byItem.set(s.item, []).get(s.item)!).push(s);
      for (const [item, events] of [...byItem.entries()].sort((a, b) => a[0] - b[0])) {
        const at = w.priceDropAt[item];
        events.sort((a, b) => a.ts - b.ts);
        let signal: "wishlisted" | "carted" | null = null;
        for (const e of events) {
          if (e.ts >= at || e.ts < at - LOOKBACK) continue;
          if (e.event === "purchase") signal = null;
          else if (e.event === "wishlist_add") signal = "wishlisted";
          else if ((e.event === "cart_add" || e.event === "cart_remove") && signal !== "wishlisted") signal = "carted";
        }
        if (signal === null) continue;
        const random = streamOf(u, item, 0x5bd1e995);
        const reacts = random() < effect;
        const when = at + random() * REACTION_SPAN;
        const a = acc[signal];
        a.pairs++;
        TRUTH_WINDOWS_DAYS.forEach((days, wi) => {
          const until = Math.min(at + days * DAY, end);
          const organic = events.some((e) => e.event === "purchase" && e.ts >= at && e.ts < until);
          if (organic) a.organic[wi]++;
          else {
            if (reacts && when < until) a.added[wi]++;
            // the chance of the same, over the reaction's draws (the organic timeline fixed)
            a.expected[wi] += effect * Math.min(1, Math.max(0, (until - at) / REACTION_SPAN));
          }
        });
        if (!reacts || when >= end) continue;
        session++;
        const price = Math.round(w.basePrice[item] * w.dropFactor[item] * 100) / 100;
        inner.event(when, u, session, "view", item, price, -1);
        inner.event(when + 2000, u, session, "purchase", item, price, orders++);
      }

      /**
       * The organic part of the drop-effect world: each item the user wishlisted or carted and did not buy after is
       * bought on their own with chance RETURN_TO_BUY after an exponential wait, unless the item's demand has faded
       * by then (falling-demand drops: the purchase happens with the share of demand left). Drawn from its own
       * stream; appended to the user's events before the drops are judged (a purchase before a drop removes the
       * user from its audience).
       */
      function returnsToBuy(u: number, session: number): number {
        const last = new Map<number, { ts: number; bought: boolean }>();
        for (const e of [...seen].sort((a, b) => a.ts - b.ts)) {
          if (e.event === "wishlist_add" || e.event === "cart_add") last.set(e.item, { ts: e.ts, bought: false });
          else if (e.event === "purchase" && last.has(e.item)) last.get(e.item)!.bought = true;
        }
        for (const [item, l] of [...last.entries()].sort((a, b) => a[0] - b[0])) {
          if (l.bought) continue;
          const random = streamOf(u, item, 0x27d4eb2f);
          if (!(random() < RETURN_TO_BUY)) continue;
          const when = l.ts + 60_000 - RETURN_MEAN * Math.log(1 - random());
          if (when >= end || !(random() < demandAt(w, item, when))) continue;
          session++;
          const price = priceAt(w, item, when);
          for (const [ts, event, order] of [
            [when, "view", -1],
            [when + 2000, "purchase", orders++],
          ] as const) {
            seen.push({ ts, event, item });
            inner.event(ts, u, session, event, item, price, order);
          }
        }
        return session;
      }
      seen = [];
      lastSession = -1;
      orders = 0;
    },
    truth(timing: PriceDropTruth["timing"]): PriceDropTruth {
      const windows = (s: (typeof acc)["wishlisted"]) =>
        Object.fromEntries(
          TRUTH_WINDOWS_DAYS.map((days, wi) => {
            const n = Math.max(s.pairs, 1);
            return [
              `${days}d`,
              {
                effect: s.added[wi] / n,
                expectedEffect: s.expected[wi] / n,
                withoutDrop: s.organic[wi] / n,
                withDrop: (s.organic[wi] + s.added[wi]) / n,
              },
            ];
          }),
        );
      return {
        dropEffect: effect,
        timing,
        bySignal: {
          wishlisted: { pairs: acc.wishlisted.pairs, windows: windows(acc.wishlisted) },
          carted: { pairs: acc.carted.pairs, windows: windows(acc.carted) },
        },
        note:
          "effect: the share of eligible (user, drop) pairs that bought the item within the window because of the " +
          "drop and would not have otherwise (the organic timeline is the same with and without it); expectedEffect: " +
          "its expectation over the reaction draws (effect x the chance to react within the window, for the pairs " +
          "that would not have bought anyway): the parameter an estimate from a sample of the pairs aims at; eligible: the " +
          "item wishlisted or carted in the 60 days before the drop and not bought since. Viewers: no effect.",
      };
    },
  };
}
