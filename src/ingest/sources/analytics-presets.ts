import type { Preset, SourceSpec } from "../preset-types.js";
import type { ExploderBase } from "./exploder-base.js";
import { Ga4Exploder } from "./ga4.js";
import { SegmentExploder } from "./segment.js";
import { SnowplowExploder } from "./snowplow.js";

/** A nested JSON preset: its exploder names the flat columns the canonical fields map to. */
function nestedSpec(make: () => ExploderBase, events: SourceSpec["events"]): SourceSpec {
  const n = make().names;
  return {
    map: {
      ts: n.ts,
      event: n.event,
      user: n.user,
      session: n.session,
      item: n.item,
      price: n.price,
      quantity: n.quantity,
      category: n.category,
      order: n.order,
    },
    events,
    nested: make,
    leaveOutUnknownEvents: true,
  };
}

const nested = (name: string, description: string, spec: SourceSpec): Preset => ({
  name,
  description,
  headerless: false,
  variants: [{ name: "json", matches: () => true, spec }],
});

/**
 * Shop analytics exports: one event a line with its items nested. Only the preset's event names (and --events) are
 * mapped, not the default aliases (a GA4 page_view is no product view); the rest are left out and counted by name.
 */
export const ANALYTICS_PRESETS: Preset[] = [
  nested(
    "ga4",
    "Google Analytics 4 BigQuery export (events_* as JSON lines: event_timestamp, event_name, event_params, items[])",
    nestedSpec(() => new Ga4Exploder(), {
      view_item: "view",
      add_to_cart: "cart_add",
      remove_from_cart: "cart_remove",
      add_to_wishlist: "wishlist_add",
      begin_checkout: "checkout",
      purchase: "purchase",
      refund: "return",
    }),
  ),
  nested(
    "segment",
    "Segment e-commerce spec track calls as JSON lines (event, userId, anonymousId, properties.products[])",
    nestedSpec(() => new SegmentExploder(), {
      "Product Viewed": "view",
      "Product Added": "cart_add",
      "Product Removed": "cart_remove",
      "Product Added to Wishlist": "wishlist_add",
      "Product Removed from Wishlist": "wishlist_remove",
      "Checkout Started": "checkout",
      "Order Completed": "purchase",
      "Order Refunded": "return",
    }),
  ),
  nested(
    "snowplow",
    "Snowplow enriched events as JSON with the e-commerce action and product entities",
    nestedSpec(() => new SnowplowExploder(), {
      product_view: "view",
      add_to_cart: "cart_add",
      remove_from_cart: "cart_remove",
      checkout_step: "checkout",
      transaction: "purchase",
      refund: "return",
    }),
  ),
];
