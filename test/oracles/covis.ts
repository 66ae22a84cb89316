import type { EventTable } from "../../src/data/event-table.js";
import type { PairParams } from "../../src/models/covis/count-pairs.js";

/**
 * Co-visitation pair weights by the definition (docs/covis.md), the slow way: every pair of positions of every
 * timeline, each ordered pair's largest weight in a timeline, summed over timelines. Keys are "anchor,neighbour".
 */
export function covisOracle(t: EventTable, scope: "session" | "user", p: PairParams): Map<string, number> {
  const groups = new Map<number, number[]>();
  const key = scope === "user" ? t.user : t.session;
  for (let i = 0; i < t.length; i++) groups.set(key[i], [...(groups.get(key[i]) ?? []), i]);
  const total = new Map<string, number>();
  for (const ev of groups.values()) {
    const once = new Map<string, number>();
    for (let x = 0; x < ev.length; x++) {
      for (let y = x + 1; y < ev.length; y++) {
        const i = ev[x];
        const j = ev[y];
        if (y - x > p.maxGap || t.ts[j] - t.ts[i] > p.windowMs || t.item[i] === t.item[j]) continue;
        // the later event's age decides the time decay, in both directions
        const base = Math.pow(2, -(p.endMs - t.ts[j]) / p.halfLifeMs) * (p.positionDecay ? 1 / (y - x) : 1);
        const anchorOk = (kind: number) => !p.anchorKinds || p.anchorKinds[kind] === 1;
        for (const [a, b, w] of [
          [t.item[i], t.item[j], anchorOk(t.kind[i]) ? base * p.kindWeight[t.kind[j]] : 0],
          [t.item[j], t.item[i], anchorOk(t.kind[j]) ? base * p.kindWeight[t.kind[i]] : 0],
        ]) {
          if (w <= 0) continue;
          const k = `${a},${b}`;
          once.set(k, Math.max(once.get(k) ?? 0, w));
        }
      }
    }
    for (const [k, w] of once) total.set(k, (total.get(k) ?? 0) + w);
  }
  return total;
}

/** The similarity formulas of docs/covis.md, written out again for the oracle. */
const FORMULAS: Record<string, (w: number, sa: number, sb: number, n: number) => number> = {
  raw: (w) => w,
  cosine: (w, sa, sb) => w / Math.sqrt(sa * sb),
  // as in src: a denominator under 1e-12 counts as 1e-12. Event-type weights above 1 can make w exceed
  // s(a) + s(b), and such pairs then score w / 1e-12 and rank first (a known quirk of weighted jaccard here)
  jaccard: (w, sa, sb) => w / Math.max(sa + sb - w, 1e-12),
  lift: (w, sa, sb, n) => (w * n) / (sa * sb),
  bm25: (w, _sa, sb, n) => w * Math.log(1 + (n - sb + 0.5) / (sb + 0.5)),
};

/**
 * Each item's top-k neighbours by the definition: oracle weights, pairs under `minSupport` dropped, scored by the
 * normalisation with supports counted as the timelines holding each item, best first, ties by neighbour code.
 */
export function neighbourOracle(
  t: EventTable,
  scope: "session" | "user",
  p: PairParams,
  o: { normalisation: string; k: number; minSupport: number },
): Map<number, [number, number][]> {
  const key = scope === "user" ? t.user : t.session;
  const holders = new Map<number, Set<number>>();
  for (let i = 0; i < t.length; i++) holders.set(t.item[i], (holders.get(t.item[i]) ?? new Set()).add(key[i]));
  const n = new Set(key).size;
  const rows = new Map<number, [number, number][]>();
  for (const [pair, w] of covisOracle(t, scope, p)) {
    if (w < o.minSupport) continue;
    const [a, b] = pair.split(",").map(Number);
    const score = FORMULAS[o.normalisation](w, holders.get(a)!.size, holders.get(b)!.size, n);
    if (score > 0) rows.set(a, [...(rows.get(a) ?? []), [b, score]]);
  }
  // the documented ranking: scores rounded to 1e-9 (float noise never decides), ties by neighbour code
  const nano = (s: number) => Math.round(s * 1e9);
  for (const [a, row] of rows) rows.set(a, row.sort((x, y) => nano(y[1]) - nano(x[1]) || x[0] - y[0]).slice(0, o.k));
  return rows;
}
