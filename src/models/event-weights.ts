import { EVENT_KINDS, EventKind, isEventKindName } from "../data/event-kind.js";
import { UsageError } from "../errors.js";

/**
 * Weight of each event type, indexed by EventKind code. Defaults in the spirit of the OTTO recipe:
 * a cart add says more than a view, an order a little less than a cart add (it closes the need).
 */
export function eventWeights(over: Partial<Record<string, number>> = {}): Float64Array {
  const w = new Float64Array(EVENT_KINDS.length);
  w[EventKind.view] = 1;
  w[EventKind.cart_add] = 6;
  w[EventKind.purchase] = 3;
  w[EventKind.wishlist_add] = 4;
  for (const [name, value] of Object.entries(over)) {
    if (!isEventKindName(name))
      throw new UsageError(`unknown event type "${name}" in weights`, `types: ${EVENT_KINDS.join(", ")}`);
    if (!(typeof value === "number" && value >= 0 && Number.isFinite(value)))
      throw new UsageError(`weight of ${name} must be a number >= 0`);
    w[EventKind[name]] = value;
  }
  return w;
}
