import type { Recommender } from "../models/recommender.js";

/**
 * What a price-drop alert shows (docs/prices.md): the dropped item first, then the user's other wishlisted or carted
 * items whose prices have also fallen (an open drop at the alert's time), then items similar to the dropped one from
 * the policy's model, up to `k`, no item twice. `similar` caches the model's neighbours per dropped item.
 */
export function alertSlate(
  model: Recommender,
  item: number,
  alsoFallen: readonly number[],
  k: number,
  similar: Map<number, Int32Array>,
): Int32Array {
  const out: number[] = [item];
  for (const j of alsoFallen) if (out.length < k && !out.includes(j)) out.push(j);
  let near = similar.get(item);
  if (near === undefined) similar.set(item, (near = model.similarItems(item, k + 1).items));
  for (const j of near) if (out.length < k && j >= 0 && !out.includes(j)) out.push(j);
  return Int32Array.from(out);
}
