import { seeded } from "../helpers.js";

/** Event names of the awkward exports: mapped, left out by the preset, and a missing one. */
const NAMES = ["view_item", "add_to_cart", "purchase", "refund", "page_view", "scroll", "begin_checkout", null];

/**
 * GA4 JSON-export records with rejections mid-event, missing prices, null items and elements, duplicates, logins mid
 * history, missing times, names and ids. (A GA4 session needs a pseudo id, which is then the user: no anonymous users.)
 */
export function awkward(n: number, seed: number): Record<string, unknown>[] {
  const r = seeded(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: Record<string, unknown>[] = [];
  for (let e = 0; e < n; e++) {
    if (out.length > 0 && r() < 0.05) {
      out.push(out[Math.floor(r() * out.length)]); // an intraday duplicate
      continue;
    }
    const user = Math.floor(r() * 12);
    const items: unknown[] = [];
    const k = Math.floor(r() * 5);
    for (let j = 0; j < k; j++) {
      if (r() < 0.05) {
        items.push(null);
        continue;
      }
      const id = Math.floor(r() * 30);
      items.push({
        item_id: r() < 0.06 ? null : r() < 0.03 ? "(not set)" : `SKU${id}`,
        item_name: `Product ${id}`,
        item_category: r() < 0.1 ? null : r() < 0.05 ? "(not set)" : `C${id % 7}`,
        price: r() < 0.15 ? null : pick([`${5 + id}.5`, "-3", "Infinity", "0", `${id}`]),
        quantity: r() < 0.2 ? null : pick(["1", "2", "-2", "3000000000", "1"]),
      });
    }
    const ts = r() < 0.03 ? null : String(1_709_280_000_000_000 + e * 7_000_123);
    const session = r() < 0.05 ? null : r() < 0.1 ? { string_value: `s-${user}` } : { int_value: String(100 + user) };
    out.push({
      event_timestamp: ts,
      event_name: pick(NAMES),
      event_params: session ? [{ key: "ga_session_id", value: session }] : [{ key: "page_location", value: {} }],
      event_bundle_sequence_id: String(e),
      // users log in part-way through their history
      user_id: user % 3 === 0 && e > n / 3 ? `U${user}` : r() < 0.03 ? "(not set)" : null,
      user_pseudo_id: r() < 0.04 ? null : `${user}.${1_700_000_000 + user}`,
      ecommerce: r() < 0.1 ? null : { transaction_id: r() < 0.3 ? `T${e}` : "(not set)" },
      items: r() < 0.05 ? null : items,
    });
  }
  return out;
}
