import type { EventTable } from "../data/event-table.js";
import { EventKind } from "../data/event-kind.js";
import type { Measure } from "./compiled-rules.js";
import { RuleMeasurer } from "./rule-measurer.js";
import { ABSENT, Intent, type SegmentParams } from "./segment-names.js";
import type { SegmentSnapshot } from "./snapshot.js";

const DAY = 86_400_000;
const { view: VIEW, cart_add: CART_ADD, cart_remove: CART_REMOVE, wishlist_add: WISH, purchase: PURCHASE } = EventKind;

/** Where each user's rows start in a user-sorted table: rows of user u are [starts[u], starts[u + 1]). */
export function userStarts(t: EventTable): Int32Array {
  const users = Math.max(t.dicts.user.size, t.length > 0 ? t.user[t.length - 1] + 1 : 0);
  const starts = new Int32Array(users + 1);
  for (let i = 0; i < t.length; i++) starts[t.user[i] + 1]++;
  for (let u = 0; u < users; u++) starts[u + 1] += starts[u];
  return starts;
}

/**
 * One pass over the user-sorted event table for one point in time: lifecycle, the built-in intent segments, order
 * facts, the custom rules' measures and the purchases in the horizon after `at`. Per-user state lives in scratch arrays
 * indexed by item, category, session and order code, marked with a stamp that is fresh for every user and every pass,
 * so nothing is cleared and no object is made per event.
 */
export class UserScanner {
  readonly users: number;
  private readonly starts: Int32Array;
  private stamp = 0;
  // per session / order code
  private readonly sessionSeen: Int32Array;
  private readonly purchaseSession: Int32Array;
  private readonly orderSeen: Int32Array;
  // per item code
  private readonly inCart: Int32Array;
  private readonly cartedRecently: Int32Array;
  private readonly watchSeen: Int32Array;
  private readonly watchDay: Int32Array;
  private readonly watchDays: Int32Array;
  private readonly watchPrice: Float64Array;
  // per category code
  private readonly categorySeen: Int32Array;
  private readonly categoryViews: Int32Array;
  private readonly categoryCarted: Int32Array;
  // per user, reused
  private wishes = new Int32Array(64);
  private touched = new Int32Array(64);
  private orderTimes = new Float64Array(64);
  private readonly measurer: RuleMeasurer | null;

  constructor(
    private readonly t: EventTable,
    private readonly p: SegmentParams,
    measures: readonly Measure[],
  ) {
    this.starts = userStarts(t);
    this.users = this.starts.length - 1;
    const sessions = t.dicts.session.size;
    const items = t.dicts.item.size;
    const categories = t.dicts.category.size;
    this.sessionSeen = new Int32Array(sessions);
    this.purchaseSession = new Int32Array(sessions);
    this.orderSeen = new Int32Array(t.dicts.order.size);
    this.measurer = measures.length > 0 ? new RuleMeasurer(t, measures) : null;
    this.inCart = new Int32Array(items);
    this.cartedRecently = new Int32Array(items);
    this.watchSeen = new Int32Array(items);
    this.watchDay = new Int32Array(items);
    this.watchDays = new Int32Array(items);
    this.watchPrice = new Float64Array(items);
    this.categorySeen = new Int32Array(categories);
    this.categoryViews = new Int32Array(categories);
    this.categoryCarted = new Int32Array(categories);
  }

  /** The first and last event times (epoch ms), NaN for an empty table. */
  span(): { first: number; last: number } {
    let first = Infinity;
    let last = -Infinity;
    const ts = this.t.ts;
    for (let i = 0; i < ts.length; i++) {
      if (ts[i] < first) first = ts[i];
      if (ts[i] > last) last = ts[i];
    }
    return ts.length === 0 ? { first: NaN, last: NaN } : { first, last };
  }

  /** Scans every user at `at`; RFM and custom segments are left to the caller (they need every user first). */
  scan(at: number, horizonCovered: boolean): SegmentSnapshot {
    const U = this.users;
    const s: SegmentSnapshot = {
      at,
      present: 0,
      lifecycle: new Uint8Array(U).fill(ABSENT),
      intent: new Uint8Array(U),
      custom: new Uint8Array(0),
      customCount: 0,
      orders: new Int32Array(U),
      value: new Float64Array(U),
      lastOrder: new Float64Array(U).fill(NaN),
      rfm: new Uint8Array(U * 3),
      rfmGroup: new Uint8Array(U).fill(ABSENT),
      futureBuyer: new Uint8Array(U),
      futureRevenue: new Float64Array(U),
      horizonCovered,
    };
    this.measurer?.reset(U);
    for (let u = 0; u < U; u++) this.scanUser(u, at, s);
    return s;
  }

  /** The custom rules' measures of the last scan, user-major (users x measures). */
  get measureValues(): Float64Array {
    return this.measurer?.values ?? new Float64Array(0);
  }

  private scanUser(u: number, at: number, s: SegmentSnapshot): void {
    const t = this.t;
    const p = this.p;
    const { ts, kind, session, item, category, order, price, quantity } = t;
    const from = this.starts[u];
    const to = this.starts[u + 1];
    if (from === to || !(ts[from] < at)) {
      this.future(u, from, to, at, s);
      return;
    }
    const stamp = ++this.stamp;
    const cartFrom = at - p.wishlistWindowMs;
    const categoryFrom = at - p.categoryWindowMs;
    const watchFrom = at - p.priceWatchWindowMs;
    let sessions = 0;
    let orders = 0;
    let value = 0;
    let cartCount = 0;
    let cartSession = -1;
    let cartSessionEnd = -Infinity;
    let wishes = 0;
    let touched = 0;
    let watcher = false;
    let last = -Infinity;
    let i = from;
    for (; i < to && ts[i] < at; i++) {
      const k = kind[i];
      const time = ts[i];
      const sess = session[i];
      const it = item[i];
      last = time;
      if (this.sessionSeen[sess] !== stamp) {
        this.sessionSeen[sess] = stamp;
        sessions++;
      }
      if (k === PURCHASE) {
        const o = order[i];
        let fresh: boolean;
        if (o >= 0) {
          fresh = this.orderSeen[o] !== stamp;
          this.orderSeen[o] = stamp;
        } else {
          fresh = this.purchaseSession[sess] !== stamp;
          this.purchaseSession[sess] = stamp;
        }
        if (fresh) {
          if (orders === this.orderTimes.length) this.orderTimes = growF(this.orderTimes);
          this.orderTimes[orders++] = time;
        }
        const v = price[i] * quantity[i];
        if (v === v) value += v;
        if (this.inCart[it] === stamp) {
          this.inCart[it] = 0;
          cartCount--;
          cartSession = sess;
        }
      } else if (k === CART_ADD) {
        if (this.inCart[it] !== stamp) {
          this.inCart[it] = stamp;
          cartCount++;
        }
        cartSession = sess;
        if (time >= cartFrom) this.cartedRecently[it] = stamp;
        const c = category[i];
        if (c >= 0 && time >= categoryFrom) this.categoryCarted[c] = stamp;
      } else if (k === CART_REMOVE) {
        if (this.inCart[it] === stamp) {
          this.inCart[it] = 0;
          cartCount--;
        }
        cartSession = sess;
      } else if (k === WISH) {
        if (time >= cartFrom) {
          if (wishes === this.wishes.length) this.wishes = growI(this.wishes);
          this.wishes[wishes++] = it;
        }
      } else if (k === VIEW) {
        const c = category[i];
        if (c >= 0 && time >= categoryFrom) {
          if (this.categorySeen[c] !== stamp) {
            this.categorySeen[c] = stamp;
            this.categoryViews[c] = 0;
            if (touched === this.touched.length) this.touched = growI(this.touched);
            this.touched[touched++] = c;
          }
          this.categoryViews[c]++;
        }
        if (time >= watchFrom) watcher = this.watch(it, time, price[i], stamp) || watcher;
      }
      if (sess === cartSession) cartSessionEnd = time;
    }
    this.measurer?.measure(u, from, i, at);
    s.present++;
    s.lifecycle[u] = orders >= 2 ? 3 : orders === 1 ? 2 : sessions >= 2 ? 1 : 0;
    s.orders[u] = orders;
    s.value[u] = value;
    if (orders > 0) s.lastOrder[u] = this.orderTimes[orders - 1];
    let bits = 0;
    if (cartCount > 0 && cartSessionEnd >= at - p.cartWindowMs) bits |= 1 << Intent.cartAbandoner;
    if (wishes > 0) {
      let carted = false;
      for (let w = 0; w < wishes && !carted; w++) carted = this.cartedRecently[this.wishes[w]] === stamp;
      if (!carted) bits |= 1 << Intent.wishlisterNotCarter;
    }
    for (let x = 0; x < touched; x++) {
      const c = this.touched[x];
      if (this.categoryViews[c] >= p.categoryViews && this.categoryCarted[c] !== stamp) {
        bits |= 1 << Intent.categoryBrowser;
        break;
      }
    }
    if (watcher) bits |= 1 << Intent.priceWatcher;
    if (orders >= p.loyalOrders && at - this.orderTimes[orders - 1] > p.lapseFactor * this.medianGap(orders))
      bits |= 1 << Intent.lapsingLoyal;
    if (at - last > p.dormantMs) bits |= 1 << Intent.dormant;
    s.intent[u] = bits;
    this.future(u, i, to, at, s);
  }

  /** Views of one item on distinct UTC days, or at two prices, within the price-watch window. */
  private watch(it: number, time: number, price: number, stamp: number): boolean {
    const day = Math.floor(time / DAY);
    if (this.watchSeen[it] !== stamp) {
      this.watchSeen[it] = stamp;
      this.watchDay[it] = day;
      this.watchDays[it] = 1;
      this.watchPrice[it] = price;
      return this.p.priceWatchDays <= 1;
    }
    if (day !== this.watchDay[it]) {
      this.watchDay[it] = day;
      this.watchDays[it]++;
    }
    const seen = this.watchPrice[it];
    if (seen !== seen) this.watchPrice[it] = price;
    else if (price === price && price !== seen) return true;
    return this.watchDays[it] >= this.p.priceWatchDays;
  }

  /** The median gap between consecutive orders (the mean of the two middle gaps for an even count). */
  private medianGap(orders: number): number {
    const gaps = new Float64Array(orders - 1);
    for (let x = 1; x < orders; x++) gaps[x - 1] = this.orderTimes[x] - this.orderTimes[x - 1];
    gaps.sort();
    const n = gaps.length;
    return n % 2 === 1 ? gaps[(n - 1) / 2] : (gaps[n / 2 - 1] + gaps[n / 2]) / 2;
  }

  /** Purchases in [at, at + horizon) from row `from` on (the rows before `at` are already behind). */
  private future(u: number, from: number, to: number, at: number, s: SegmentSnapshot): void {
    const { ts, kind, price, quantity } = this.t;
    const end = at + this.p.horizonMs;
    for (let i = from; i < to && ts[i] < end; i++) {
      if (kind[i] !== PURCHASE || ts[i] < at) continue;
      s.futureBuyer[u] = 1;
      const v = price[i] * quantity[i];
      if (v === v) s.futureRevenue[u] += v;
    }
  }
}

function growI(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

function growF(a: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
