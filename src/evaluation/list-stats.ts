import type { EvalCase } from "./eval-case.js";
import type { ModelResult } from "./eval-report.js";

/**
 * Coverage, popularity and reminders of the recommended lists (stride k): coverage is distinct
 * recommended items over the items known at training; `percentile[item]` is the item's training
 * popularity percentile (100: the most popular); reminders are list items already in the case's history.
 */
export function listStats(
  lists: Int32Array,
  k: number,
  cases: readonly EvalCase[],
  percentile: Float64Array,
  knownItems: number,
): ModelResult["lists"] {
  const seen = new Uint8Array(percentile.length);
  let distinct = 0,
    shown = 0,
    pctSum = 0,
    reminders = 0;
  for (let c = 0; c < cases.length; c++) {
    const inHistory = new Set(cases[c].history.map((e) => e.item));
    for (let r = 0; r < k; r++) {
      const item = lists[c * k + r];
      if (item < 0) continue;
      shown++;
      pctSum += percentile[item];
      if (inHistory.has(item)) reminders++;
      if (!seen[item]) {
        seen[item] = 1;
        distinct++;
      }
    }
  }
  return {
    coverage: knownItems ? distinct / knownItems : 0,
    popularityPercentile: shown ? pctSum / shown : 0,
    reminderShare: shown ? reminders / shown : 0,
  };
}

/** Each item's share (x 100) of known items with at most its training event count; 0 for unknown items. */
export function popularityPercentiles(counts: Float64Array): Float64Array {
  const known = [];
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0) known.push(i);
  known.sort((a, b) => counts[a] - counts[b]);
  const out = new Float64Array(counts.length);
  for (let x = 0; x < known.length;) {
    let y = x;
    while (y + 1 < known.length && counts[known[y + 1]] === counts[known[x]]) y++;
    for (let z = x; z <= y; z++) out[known[z]] = (100 * (y + 1)) / known.length; // ties share the highest rank
    x = y + 1;
  }
  return out;
}
