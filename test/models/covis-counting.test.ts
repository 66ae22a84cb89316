import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import { csrRow } from "../../src/data/csr.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import {
  ChunkCounter,
  chunkBounds,
  itemSupport,
  type ChunkPairs,
  type PairParams,
} from "../../src/models/covis/count-pairs.js";
import { covisNeighbours } from "../../src/models/covis/covis-neighbours.js";
import { SIMILARITY } from "../../src/models/covis/normalise.js";
import { timelines, type Timelines } from "../../src/data/timelines.js";
import { randomTable } from "./covis-random-table.js";
import { covisOracle as oracle } from "../oracles/covis.js";

const KIND_WEIGHT = new Float64Array(8);
KIND_WEIGHT[EventKind.view] = 1;
KIND_WEIGHT[EventKind.cart_add] = 6;
KIND_WEIGHT[EventKind.purchase] = 3;
KIND_WEIGHT[EventKind.wishlist_add] = 4;

const params = (over: Partial<PairParams> = {}): PairParams => ({
  maxGap: 5,
  windowMs: 24 * 3_600_000,
  kindWeight: KIND_WEIGHT,
  halfLifeMs: Infinity,
  endMs: 1_700_100_000_000,
  positionDecay: false,
  ...over,
});

/** All chunks' pairs, summed over the chunks: each chunk must hold every anchor's neighbour once, anchors ascending. */
function countPairs(
  t: EventTable,
  tl: Timelines,
  nItems: number,
  p: PairParams,
  pass = 0,
  passes = 1,
  chunkEvents = Infinity,
): ChunkPairs[] {
  const counter = new ChunkCounter(t, tl, nItems, p, pass, passes);
  const bounds = chunkBounds(tl, chunkEvents);
  return Array.from({ length: bounds.length - 1 }, (_, c) => counter.count(bounds[c], bounds[c + 1]));
}

function asMap(chunks: ChunkPairs[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const chunk of chunks) {
    const inChunk = new Set<string>();
    for (let r = 0; r < chunk.anchors.length; r++) {
      if (r > 0) expect(chunk.anchors[r]).toBeGreaterThan(chunk.anchors[r - 1]);
      for (let q = chunk.starts[r]; q < chunk.starts[r + 1]; q++) {
        const key = `${chunk.anchors[r]},${chunk.b[q]}`;
        expect(inChunk.has(key)).toBe(false); // each neighbour once per anchor and chunk
        inChunk.add(key);
        m.set(key, (m.get(key) ?? 0) + chunk.w[q]);
      }
    }
  }
  return m;
}

function expectSameWeights(got: Map<string, number>, want: Map<string, number>): void {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [k, w] of want) expect(Math.abs(got.get(k)! - w) / w).toBeLessThan(1e-12);
}

describe("countPairs", () => {
  const cases: [string, Partial<PairParams>, "session" | "user"][] = [
    ["sessions, event-type weights", {}, "session"],
    ["user timelines, 24 h window", {}, "user"],
    ["user timelines, position decay and a 6 h half-life", { positionDecay: true, halfLifeMs: 6 * 3_600_000 }, "user"],
    ["user timelines, 1 h window and gap 2", { windowMs: 3_600_000, maxGap: 2 }, "user"],
    [
      "cart anchors to purchase neighbours only (cart2buy)",
      { anchorKinds: Uint8Array.from([0, 1, 0, 0, 0, 0, 0]), kindWeight: Float64Array.from([0, 0, 0, 0, 0, 1, 0]) },
      "user",
    ],
  ];
  // timelines with at most 128 distinct items dedupe in a grid, longer ones in a hash table: both paths, decay on
  const decays: [string, Partial<PairParams>][] = [
    ["no decay", {}],
    ["position decay and a 6 h half-life", { positionDecay: true, halfLifeMs: 6 * 3_600_000 }],
    ["a 2 h half-life, gap 3", { halfLifeMs: 2 * 3_600_000, maxGap: 3 }],
  ];
  for (const [name, over] of decays)
    for (const [size, users, items, events] of [
      ["over", 2, 300, 800], // two users, ~150 distinct items each: the hash-table path
      ["under", 8, 100, 800], // ~100 events per user over at most 100 items: the grid
    ] as const) {
      it(`countPairs(table) equals the definition on timelines ${size} 128 distinct items: ${name}`, () => {
        const t = randomTable(42, users, items, events);
        const distinct = (u: number) => new Set(t.item.filter((_, i) => t.user[i] === u)).size;
        const most = Math.max(...Array.from({ length: users }, (_, u) => distinct(u)));
        expect(size === "over" ? most > 128 : most <= 128).toBe(true);
        const p = params({ endMs: Math.max(...t.ts), maxGap: 8, ...over });
        expectSameWeights(asMap(countPairs(t, timelines(t, "user"), t.dicts.item.size, p)), oracle(t, "user", p));
      });
    }

  for (const [seed, [name, over, scope]] of cases.entries()) {
    it(`countPairs(table) equals the pair-by-pair definition: ${name}`, () => {
      const t = randomTable(seed + 1, 12, 25, 600);
      const p = params({ endMs: Math.max(...t.ts), ...over });
      expectSameWeights(asMap(countPairs(t, timelines(t, scope), t.dicts.item.size, p)), oracle(t, scope, p));
    });
  }

  it("chunks of timelines, summed, equal the definition (chunks of ~40 events cut at timeline boundaries)", () => {
    const t = randomTable(21, 30, 25, 900);
    const tl = timelines(t, "session");
    const bounds = chunkBounds(tl, 40);
    expect(bounds.length).toBeGreaterThan(10);
    expect(bounds[0]).toBe(0);
    expect(bounds[bounds.length - 1]).toBe(tl.offsets.length - 1);
    const p = params({ endMs: Math.max(...t.ts), positionDecay: true });
    expectSameWeights(asMap(countPairs(t, tl, 25, p, 0, 1, 40)), oracle(t, "session", p));
  });

  it("countPairs(table, pass, passes) partitions the anchors: the passes together are the one-pass table", () => {
    const t = randomTable(9, 10, 30, 500);
    const tl = timelines(t, "user");
    const whole = asMap(countPairs(t, tl, 30, params()));
    const union = new Map<string, number>();
    for (let pass = 0; pass < 3; pass++)
      for (const [k, w] of asMap(countPairs(t, tl, 30, params(), pass, 3))) union.set(k, w);
    expectSameWeights(union, whole);
  });
});

describe("covisNeighbours normalisations (golden)", () => {
  // three sessions: [A, B], [A, B, C], [A, C]; uniform weights: w(A,B) = w(A,C) = 2, w(B,C) = 1, both ways;
  // supports: A 3, B 2, C 2; n = 3 sessions
  const t = ((): EventTable => {
    const items = [0, 1, 0, 1, 2, 0, 2];
    const sessions = [0, 0, 1, 1, 1, 2, 2];
    const n = items.length;
    return {
      length: n,
      ts: Float64Array.from(items, (_, i) => 1_700_000_000_000 + i * 1000),
      user: new Int32Array(n),
      session: Int32Array.from(sessions),
      item: Int32Array.from(items),
      kind: new Uint8Array(n),
      price: new Float64Array(n).fill(NaN),
      quantity: new Int32Array(n).fill(1),
      category: new Int32Array(n).fill(-1),
      order: new Int32Array(n).fill(-1),
      dicts: {
        user: Dictionary.fromStrings(["u"]),
        session: Dictionary.fromStrings(["s0", "s1", "s2"]),
        item: Dictionary.fromStrings(["A", "B", "C"]),
        category: new Dictionary(),
        order: new Dictionary(),
      },
    };
  })();
  const tl = timelines(t, "session");
  const opts = { ...params({ maxGap: 30 }), k: 10, minSupport: 0, passes: 1 };

  it("itemSupport counts the timelines that contain each item", () => {
    expect(Array.from(itemSupport(t, tl, 3))).toEqual([3, 2, 2]);
  });

  const golden: [keyof typeof SIMILARITY, [number, number][]][] = [
    [
      "raw",
      [
        [1, 2],
        [2, 2],
      ],
    ],
    [
      "cosine",
      [
        [1, 0.816496581],
        [2, 0.816496581],
      ],
    ],
    [
      "jaccard",
      [
        [1, 0.666666667],
        [2, 0.666666667],
      ],
    ],
    [
      "lift",
      [
        [1, 1],
        [2, 1],
      ],
    ],
    [
      "bm25",
      [
        [1, 0.940007258],
        [2, 0.940007258],
      ],
    ],
  ];
  for (const [normalisation, rowA] of golden) {
    it(`covisNeighbours(normalisation: ${normalisation}) scores A's neighbours by hand`, () => {
      const m = covisNeighbours(t, tl, 3, { ...opts, normalisation });
      expect(csrRow(m, 0)).toEqual(rowA); // ties broken by neighbour code: B before C
    });
  }

  it("covisNeighbours keeps the top k per item, best first, and is the same for any number of passes", () => {
    const r = randomTable(3, 20, 40, 900);
    const rtl = timelines(r, "user");
    const one = covisNeighbours(r, rtl, 40, { ...params(), normalisation: "cosine", k: 5, minSupport: 0, passes: 1 });
    const four = covisNeighbours(r, rtl, 40, { ...params(), normalisation: "cosine", k: 5, minSupport: 0, passes: 4 });
    expect(four).toEqual(one);
    for (let row = 0; row < 40; row++) {
      const got = csrRow(one, row);
      expect(got.length).toBeLessThanOrEqual(5);
      for (let q = 1; q < got.length; q++)
        expect(got[q - 1][1] > got[q][1] || (got[q - 1][1] === got[q][1] && got[q - 1][0] < got[q][0])).toBe(true);
    }
  });
});

describe("autoPasses", () => {
  it("autoPasses(events, timelines, items, maxGap) bounds the distinct pairs: one pass for small data, more past the budget", async () => {
    const { autoPasses, PASS_BUDGET_BYTES } = await import("../../src/models/covis/covis-neighbours.js");
    const timeline = (items: number[]) => ({
      t: { item: Int32Array.from(items), ts: new Float64Array(items.length), kind: new Uint8Array(items.length) },
      tl: { events: Int32Array.from(items, (_, i) => i), offsets: Int32Array.from([0, items.length]) },
    });
    // five distinct items, gap 2: pairs (0,1) (0,2) (1,2) (1,3) (2,3) (2,4) (3,4) = 7, both ways = 14
    const small = timeline([0, 1, 2, 3, 4]);
    expect(autoPasses(small.t, small.tl, 5, 2)).toBe(1);
    // enough distinct items that 2 * (g L - g (g + 1) / 2) * 12 bytes exceeds three budgets
    const L = Math.ceil((3 * PASS_BUDGET_BYTES) / (12 * 2 * 30)) + 100;
    const big = timeline(Array.from({ length: L }, (_, i) => i));
    expect(autoPasses(big.t, big.tl, L, 30)).toBe(4);
    // the same length over two items repeated: at most 2 distinct ordered pairs
    const repeats = timeline(Array.from({ length: L }, (_, i) => i % 2));
    expect(autoPasses(repeats.t, repeats.tl, 2, 30)).toBe(1);
  });
});

describe("covisNeighboursParallel", () => {
  it("covisNeighboursParallel(threads: 3) and covisNeighboursByChunks give exactly the one-thread neighbours", async () => {
    const { covisNeighboursParallel, covisNeighboursByChunks } =
      await import("../../src/models/covis/covis-neighbours-parallel.js");
    const t = randomTable(11, 40, 120, 4000);
    const tl = timelines(t, "user");
    const o = {
      ...params({ endMs: Math.max(...t.ts), positionDecay: true }),
      normalisation: "cosine" as const,
      k: 8,
      minSupport: 0,
      passes: 0,
    };
    const one = covisNeighbours(t, tl, 120, o, 300);
    expect(chunkBounds(tl, 300).length).toBeGreaterThan(6); // several chunks, counted on different threads
    const three = await covisNeighboursParallel(t, tl, 120, o, 3, 0, 300);
    expect(three).toEqual(one);
    expect(one.indices.length).toBeGreaterThan(500);
    const twoPasses = await covisNeighboursParallel(t, tl, 120, { ...o, passes: 2 }, 2, 0, 300);
    expect(twoPasses).toEqual(one);
    expect(await covisNeighboursByChunks(t, tl, 120, o, 3, 300)).toEqual(one);
    expect(await covisNeighboursByChunks(t, tl, 120, { ...o, passes: 2 }, 2, 300)).toEqual(one);
  });

  it("the chunk size changes only the summation order: the same neighbours, scores within 1e-9", () => {
    const t = randomTable(12, 40, 120, 4000);
    const tl = timelines(t, "session");
    const o = {
      ...params({ endMs: Math.max(...t.ts), positionDecay: true, halfLifeMs: 3 * 86_400_000 }),
      normalisation: "raw" as const,
      k: 8,
      minSupport: 0,
      passes: 1,
    };
    const whole = covisNeighbours(t, tl, 120, o);
    const chunked = covisNeighbours(t, tl, 120, o, 100);
    expect(chunked.indptr).toEqual(whole.indptr);
    for (let q = 0; q < whole.data.length; q++)
      expect(Math.abs(chunked.data[q] - whole.data[q])).toBeLessThanOrEqual(1.01e-9);
    expect(whole.indices.length).toBeGreaterThan(300);
  });
});
