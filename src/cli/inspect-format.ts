import type { inspectDataset, Distribution } from "../pipeline/inspect.js";
import { int, pct, fixed, table } from "./format.js";

type Profile = ReturnType<typeof inspectDataset>;

const dist = (d: Distribution) =>
  `mean ${fixed(d.mean, 2)}, median ${int(d.p50)}, p90 ${int(d.p90)}, p99 ${int(d.p99)}, max ${int(d.max)}`;

export function formatInspect(p: Profile): string {
  const types = Object.entries(p.eventsByType).filter(([, n]) => n > 0);
  const f = p.funnel;
  const e = p.emptyCartAudience;
  const days = p.eventsPerDay;
  const out = [
    `Dataset ${p.dataset}: ${int(p.events)} events, ${int(p.users)} users, ${int(p.items)} items, ${int(p.sessions)} sessions`,
    p.eventsPerHour && p.eventsPerHour.length > 0
      ? `Time span ${p.timeSpan.from ?? "-"} .. ${p.timeSpan.to ?? "-"} (${fixed((Date.parse(p.timeSpan.to ?? "") - Date.parse(p.timeSpan.from ?? "")) / 3_600_000, 2)} hours, under a day: ${p.eventsPerHour.length} clock hour(s), ${int(p.events / p.eventsPerHour.length)} events/hour; no events/day is extrapolated)`
      : `Time span ${p.timeSpan.from ?? "-"} .. ${p.timeSpan.to ?? "-"} (${fixed(p.timeSpan.days, 2)} days; ${days.length} day(s), ${int(p.events / Math.max(days.length, 1))} events/day)`,
    "",
    table(
      types.map(([k, n]) => [k, n, pct(n / Math.max(p.events, 1))]),
      ["event", "count", "share"],
    ),
    "",
    `Session length (events): ${dist(p.sessionLength)}`,
    `User history (events):   ${dist(p.userHistoryLength)}`,
    "",
    table(
      [
        [
          "users",
          f.byUser.total,
          f.byUser.view,
          f.byUser.cart_add,
          f.byUser.purchase,
          pct(f.byUser.viewToCart),
          pct(f.byUser.cartToPurchase),
        ],
        [
          "sessions",
          f.bySession.total,
          f.bySession.view,
          f.bySession.cart_add,
          f.bySession.purchase,
          pct(f.bySession.viewToCart),
          pct(f.bySession.cartToPurchase),
        ],
      ],
      ["funnel", "total", "view", "cart_add", "purchase", "view->cart", "cart->buy"],
    ),
    "",
    `Cart abandonment: ${int(p.cartAbandonment.abandoned)} of ${int(p.cartAbandonment.sessionsWithCart)} sessions with a cart add ended without a purchase (${pct(p.cartAbandonment.rate)})`,
    `Empty-cart audience (cart TTL ${e.cartTtlHours} h): ${int(e.usersReturningToExpiredCart)} users (${pct(e.share, 2)} of users, ${pct(e.shareOfCartUsers)} of users with a cart) returned to an expired cart; ${int(e.moments)} moments, ${int(e.expiredItems)} expired items; ${int(e.usersReturningAfterTtl)} users returned after ${e.cartTtlHours} h at all`,
    pricesLine(p.prices),
    "",
    "Top items:",
    table(
      p.topItems.map((t) => [t.item, t.events, t.view, t.cart_add, t.purchase]),
      ["item", "events", "view", "cart_add", "purchase"],
    ),
  ];
  if (p.rejected > 0)
    out.push(
      "",
      `Rejected at ingest: ${int(p.rejected)} (${Object.entries(p.rejectedByReason)
        .map(([k, n]) => `${k} ${int(n)}`)
        .join(", ")}); see quarantine.csv`,
    );
  return out.join("\n");
}

function pricesLine(r: Profile["prices"]): string {
  return r.pricedEvents === 0
    ? "Prices: no event has a price (map the price column at ingest)"
    : `Prices: ${int(r.itemsWithPrice)} items with a price, ${int(r.itemsWithChangedPrice)} whose daily median changed; ${int(r.drops)} drops (>= 10% below the 14-day median) on ${int(r.itemsWithDrops)} items, ${r.dropsPerWeek} per week; ${int(r.skipped.missing)} events without a price, ${int(r.skipped.nonPositive)} zero or negative (cartlift prices)`;
}
