import type { ItemFacts } from "./item-facts.js";

/** Each category's items (the first n items), most popular over all time first, then by item code: a CSR. */
export function categoryLists(
  facts: ItemFacts,
  n: number,
  categories: number,
): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(categories + 1);
  for (let i = 0; i < n; i++) if (facts.category[i] >= 0) start[facts.category[i] + 1]++;
  for (let c = 0; c < categories; c++) start[c + 1] += start[c];
  const next = start.slice(0, categories);
  const items = new Int32Array(start[categories]);
  for (let i = 0; i < n; i++) if (facts.category[i] >= 0) items[next[facts.category[i]]++] = i;
  for (let c = 0; c < categories; c++) {
    const run = Array.from(items.subarray(start[c], start[c + 1]));
    run.sort((a, b) => facts.popAll[b] - facts.popAll[a] || a - b);
    items.set(run, start[c]);
  }
  return { start, items };
}
