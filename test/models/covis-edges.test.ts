import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import { ChunkCounter, chunkBounds, type PairParams } from "../../src/models/covis/count-pairs.js";
import { timelines } from "../../src/data/timelines.js";
import { covisOracle } from "../oracles/covis.js";

const T0 = 1_700_000_000_000;
const HOUR = 3_600_000;

/** One user's timeline of (item, time) events, in time order, all views. */
function oneTimeline(events: [number, number][], items: number): EventTable {
  const n = events.length;
  return {
    length: n,
    ts: Float64Array.from(events, (e) => e[1]),
    user: new Int32Array(n),
    session: new Int32Array(n),
    item: Int32Array.from(events, (e) => e[0]),
    kind: new Uint8Array(n).fill(EventKind.view),
    price: new Float64Array(n).fill(NaN),
    quantity: new Int32Array(n).fill(1),
    category: new Int32Array(n).fill(-1),
    order: new Int32Array(n).fill(-1),
    dicts: {
      user: Dictionary.fromStrings(["u0"]),
      session: Dictionary.fromStrings(["s0"]),
      item: Dictionary.fromStrings(Array.from({ length: items }, (_, i) => `i${i}`)),
      category: new Dictionary(),
      order: new Dictionary(),
    },
  };
}

const params = (over: Partial<PairParams>): PairParams => ({
  maxGap: 5,
  windowMs: HOUR,
  kindWeight: Float64Array.from([1, 1, 1, 1, 1, 1, 1, 1]),
  halfLifeMs: Infinity,
  endMs: T0 + 10_000 * HOUR,
  positionDecay: false,
  ...over,
});

/** countPairs of the whole table in one chunk, as "anchor,neighbour" -> weight. */
function counted(t: EventTable, p: PairParams): Map<string, number> {
  const tl = timelines(t, "user");
  const counter = new ChunkCounter(t, tl, t.dicts.item.size, p, 0, 1);
  const bounds = chunkBounds(tl, Infinity);
  const out = new Map<string, number>();
  for (let c = 0; c + 1 < bounds.length; c++) {
    const chunk = counter.count(bounds[c], bounds[c + 1]);
    for (let r = 0; r < chunk.anchors.length; r++)
      for (let q = chunk.starts[r]; q < chunk.starts[r + 1]; q++)
        out.set(`${chunk.anchors[r]},${chunk.b[q]}`, (out.get(`${chunk.anchors[r]},${chunk.b[q]}`) ?? 0) + chunk.w[q]);
  }
  return out;
}

function expectOracle(got: Map<string, number>, want: Map<string, number>): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [k, w] of want) expect(got.get(k)).toBeCloseTo(w, 12);
}

describe("co-visitation counting at its edges", () => {
  // items 0 and 1 exactly one window apart (a pair), items 2 and 3 one millisecond further (no pair)
  const edge: [number, number][] = [
    [0, T0],
    [1, T0 + HOUR],
    [2, T0 + 100 * HOUR],
    [3, T0 + 101 * HOUR + 1],
  ];
  for (const [path, filler] of [
    ["grid", 0],
    ["hash-table", 200],
  ] as const)
    it(`countPairs on the ${path} path counts a pair exactly --window apart, and not one 1 ms further`, () => {
      // filler items far apart in time make the timeline's distinct items pass the grid's 128 on the hash path
      const events = [...edge];
      for (let f = 0; f < filler; f++) events.push([4 + f, T0 + (200 + 10 * f) * HOUR]);
      const t = oneTimeline(events, 4 + filler);
      const p = params({});
      const got = counted(t, p);
      expect(got.get("0,1")).toBe(1);
      expect(got.get("1,0")).toBe(1);
      expect(got.has("2,3")).toBe(false);
      expect(got.has("3,2")).toBe(false);
      expectOracle(got, covisOracle(t, "user", p));
    });

  for (const [path, distinct] of [
    ["grid", 120],
    ["hash-table", 320],
  ] as const)
    it(`countPairs on the ${path} path outgrows its pair buffers: ${distinct} items all within reach of each other`, () => {
      // every item pairs with every other: 120 x 119 = 14,280 ordered pairs (the grid's buffer starts at 1,024);
      // 320 x 319 = 102,080 (past the chunk's 65,536 triples too), with position decay so that weights differ
      const events: [number, number][] = [];
      for (let x = 0; x < distinct; x++) events.push([(x * 7) % distinct, T0 + x * 1000]);
      events.push([0, T0 + distinct * 1000], [1, T0 + distinct * 1000 + 1]); // repeats: the largest weight counts
      const t = oneTimeline(events, distinct);
      const p = params({ maxGap: 1000, windowMs: 1000 * HOUR, positionDecay: true });
      const got = counted(t, p);
      expect(got.size).toBe(distinct * (distinct - 1));
      expectOracle(got, covisOracle(t, "user", p));
    });
});
