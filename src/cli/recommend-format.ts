import type { recommendBatch, recommendSimilar } from "../pipeline/recommend.js";
import type { recommendForUser } from "../pipeline/recommend-user.js";
import { fixed, int } from "./format.js";

/** `recommend --item`: the similar items, or why there are none. */
export function formatSimilar(r: ReturnType<typeof recommendSimilar>, item: string, model: string): string {
  return r.known ? list(`items similar to ${item}`, r.items, r.scores) : `${item} is not an item of ${model}`;
}

/** `recommend --user`: the user's list. */
export function formatForUser(r: ReturnType<typeof recommendForUser>, user: string): string {
  return list(
    `for user ${user} (${r.historyEvents} history events, ${r.unknownItems} unknown to the model)`,
    r.items,
    r.scores,
  );
}

/** `recommend --queries`: the batch summary. */
export function formatBatch(r: Awaited<ReturnType<typeof recommendBatch>>): string {
  return `Wrote ${int(r.queries)} lists to ${r.out} in ${fixed(r.seconds, 2)} s (${int(r.queriesPerSecond)} queries/s end to end, ${int(r.steadyQueriesPerSecond)}/s once the model was loaded, ${r.threads} thread${r.threads > 1 ? "s" : ""}); ${int(r.unknownItems)} unknown history items, ${int(r.coldQueries)} queries with no known item`;
}

function list(title: string, items: string[], scores: number[]): string {
  return [title, ...items.map((item, r) => `${String(r + 1).padStart(3)}. ${item}  ${fixed(scores[r], 4)}`)].join("\n");
}
