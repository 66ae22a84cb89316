import { EventKind } from "../data/event-kind.js";
import type { EventTable } from "../data/event-table.js";
import { readDataset } from "../io/read-dataset.js";
import { emptyCartMoments } from "../moments/empty-cart-moments.js";
import { summariseTable } from "../data/table-summary.js";
import { priceProfile } from "../prices/price-profile.js";

export interface InspectOptions {
  top?: number;
  /** Cart lifetime: a user returning later than this after the last cart activity finds it empty. */
  cartTtlMs?: number;
}

export interface Distribution {
  count: number;
  mean: number;
  min: number;
  p25: number;
  p50: number;
  p75: number;
  p90: number;
  p99: number;
  max: number;
}

/** `cartlift inspect`: the profile a data scientist checks first. */
export function inspectDataset(dir: string, opts: InspectOptions = {}) {
  const { table, manifest } = readDataset(dir);
  return {
    dataset: dir,
    ...profileTable(table, opts),
    rejected: manifest.counts.rejected,
    rejectedByReason: manifest.counts.rejectedByReason,
  };
}

export function profileTable(t: EventTable, opts: InspectOptions = {}) {
  const ttl = opts.cartTtlMs ?? 86_400_000;
  return {
    ...summariseTable(t),
    eventsPerDay: eventsPerDay(t),
    // a span under a day has no meaningful events/day (it would be an extrapolation): hours instead
    eventsPerHour: spanMs(t) < 86_400_000 ? eventsPerHour(t) : null,
    sessionLength: distribution(countsPerCode(t.session)),
    userHistoryLength: distribution(countsPerCode(t.user)),
    funnel: { byUser: funnel(t, t.user), bySession: funnel(t, t.session) },
    cartAbandonment: cartAbandonment(t),
    emptyCartAudience: { cartTtlHours: ttl / 3_600_000, ...emptyCartAudience(t, ttl) },
    topItems: topItems(t, opts.top ?? 10),
    prices: priceProfile(t),
  };
}

function eventsPerDay(t: EventTable): { day: string; events: number }[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < t.length; i++) {
    const d = Math.floor(t.ts[i] / 86_400_000);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([d, n]) => ({ day: new Date(d * 86_400_000).toISOString().slice(0, 10), events: n }));
}

function spanMs(t: EventTable): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < t.length; i++) {
    if (t.ts[i] < lo) lo = t.ts[i];
    if (t.ts[i] > hi) hi = t.ts[i];
  }
  return t.length > 0 ? hi - lo : 0;
}

/** Events per clock hour (UTC), for spans under a day. */
function eventsPerHour(t: EventTable): { hour: string; events: number }[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < t.length; i++) {
    const h = Math.floor(t.ts[i] / 3_600_000);
    counts.set(h, (counts.get(h) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([h, n]) => ({ hour: new Date(h * 3_600_000).toISOString().slice(0, 13) + ":00Z", events: n }));
}

/** Events per distinct code (per session, per user). */
function countsPerCode(codes: Int32Array): Float64Array {
  let max = -1;
  for (let i = 0; i < codes.length; i++) if (codes[i] > max) max = codes[i];
  const counts = new Float64Array(max + 1);
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  return counts.filter((c) => c > 0);
}

export function distribution(values: Float64Array): Distribution {
  const v = Float64Array.from(values).sort();
  const n = v.length;
  const q = (p: number) => (n ? v[Math.min(n - 1, Math.floor(p * (n - 1) + 0.5))] : 0);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += v[i];
  return {
    count: n,
    mean: n ? round(sum / n) : 0,
    min: q(0),
    p25: q(0.25),
    p50: q(0.5),
    p75: q(0.75),
    p90: q(0.9),
    p99: q(0.99),
    max: n ? v[n - 1] : 0,
  };
}

/** Distinct users (or sessions) that viewed, carted and bought, and the step rates between them. */
function funnel(t: EventTable, unit: Int32Array) {
  let size = 0;
  for (let i = 0; i < unit.length; i++) if (unit[i] + 1 > size) size = unit[i] + 1;
  const flags = new Uint8Array(size);
  for (let i = 0; i < t.length; i++) {
    const k = t.kind[i];
    flags[unit[i]] |= 8;
    if (k === EventKind.view) flags[unit[i]] |= 1;
    else if (k === EventKind.cart_add) flags[unit[i]] |= 2;
    else if (k === EventKind.purchase) flags[unit[i]] |= 4;
  }
  let total = 0,
    viewed = 0,
    carted = 0,
    bought = 0,
    viewedThenCarted = 0,
    cartedThenBought = 0;
  for (let u = 0; u < size; u++) {
    const f = flags[u];
    if (f === 0) continue;
    total++;
    if (f & 1) viewed++;
    if (f & 2) carted++;
    if (f & 4) bought++;
    if ((f & 3) === 3) viewedThenCarted++;
    if ((f & 6) === 6) cartedThenBought++;
  }
  return {
    total,
    view: viewed,
    cart_add: carted,
    purchase: bought,
    viewToCart: viewed ? round(viewedThenCarted / viewed) : 0,
    cartToPurchase: carted ? round(cartedThenBought / carted) : 0,
    viewToPurchase: viewed ? round(bought / viewed) : 0,
  };
}

/** Sessions with a cart add and no purchase, among sessions with a cart add. */
function cartAbandonment(t: EventTable) {
  const state = new Map<number, number>();
  for (let i = 0; i < t.length; i++) {
    const k = t.kind[i];
    if (k === EventKind.cart_add) state.set(t.session[i], (state.get(t.session[i]) ?? 0) | 1);
    else if (k === EventKind.purchase) state.set(t.session[i], (state.get(t.session[i]) ?? 0) | 2);
  }
  let carted = 0,
    abandoned = 0;
  for (const s of state.values()) {
    if (s & 1) {
      carted++;
      if (!(s & 2)) abandoned++;
    }
  }
  return { sessionsWithCart: carted, abandoned, rate: carted ? round(abandoned / carted) : 0 };
}

/**
 * Users who come back, after the cart lifetime, to a cart that still held items: the empty-cart moments of the replay
 * (src/moments/empty-cart-moments.ts, cart lifetime from the last cart activity), so that inspect and replay count the
 * same moments. Also users who came back after the lifetime at all, and users who ever added to the cart.
 */
function emptyCartAudience(t: EventTable, ttlMs: number) {
  const { moments } = emptyCartMoments(t, ttlMs);
  let users = 0,
    returning = 0,
    usersWithCart = 0;
  for (let i = 0; i < t.length;) {
    const u = t.user[i];
    let hadCart = false;
    let returned = false;
    for (let prevTs = t.ts[i]; i < t.length && t.user[i] === u; prevTs = t.ts[i++]) {
      if (t.ts[i] - prevTs > ttlMs) returned = true;
      if (t.kind[i] === EventKind.cart_add) hadCart = true;
    }
    users++;
    if (returned) returning++;
    if (hadCart) usersWithCart++;
  }
  const returnedToEmptyCart = new Set(moments.map((m) => m.user)).size;
  return {
    users,
    usersReturningAfterTtl: returning,
    usersWithCart,
    usersReturningToExpiredCart: returnedToEmptyCart,
    share: users ? round(returnedToEmptyCart / users) : 0,
    shareOfCartUsers: usersWithCart ? round(returnedToEmptyCart / usersWithCart) : 0,
    moments: moments.length,
    expiredItems: moments.reduce((s, m) => s + m.expired.length, 0),
  };
}

function topItems(t: EventTable, k: number) {
  const n = t.dicts.item.size;
  const counts = new Float64Array(n * 3);
  for (let i = 0; i < t.length; i++) {
    const kind = t.kind[i];
    const slot = kind === EventKind.view ? 0 : kind === EventKind.cart_add ? 1 : kind === EventKind.purchase ? 2 : -1;
    if (slot >= 0) counts[t.item[i] * 3 + slot]++;
  }
  const total = (c: number) => counts[c * 3] + counts[c * 3 + 1] + counts[c * 3 + 2];
  const codes = Array.from({ length: n }, (_, c) => c).filter((c) => total(c) > 0);
  codes.sort((a, b) => total(b) - total(a) || a - b);
  return codes.slice(0, k).map((c) => ({
    item: t.dicts.item.get(c),
    events: total(c),
    view: counts[c * 3],
    cart_add: counts[c * 3 + 1],
    purchase: counts[c * 3 + 2],
  }));
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
