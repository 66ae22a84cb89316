import { describe, expect, it } from "vitest";
import { Dictionary } from "../../src/data/dictionary.js";
import type { Csr } from "../../src/data/csr.js";
import { EventKind } from "../../src/data/event-kind.js";
import type { EventTable } from "../../src/data/event-table.js";
import { timelines, type CovisScope } from "../../src/data/timelines.js";
import { anchorIndex, workRanges } from "../../src/models/covis/anchor-index.js";
import { covisByAnchor } from "../../src/models/covis/covis-by-anchor.js";
import { covisNeighbours, type NeighbourOptions } from "../../src/models/covis/covis-neighbours.js";
import { seeded } from "../helpers.js";

/** Users' events in dataset order (user, then time), with exact time ties, long users, sessions by 30-minute gaps. */
function randomTable(seed: number, users: number, items: number, events: number): EventTable {
  const rnd = seeded(seed);
  const user = Int32Array.from({ length: events }, () => Math.floor(Math.pow(rnd(), 1.5) * users)).sort();
  const ts = new Float64Array(events);
  const session = new Int32Array(events);
  let s = -1;
  for (let i = 0; i < events; i++) {
    const first = i === 0 || user[i] !== user[i - 1];
    const r = rnd();
    ts[i] = first
      ? 1_700_000_000_000 + Math.floor(rnd() * 1e6)
      : ts[i - 1] + (r < 0.1 ? 0 : r < 0.25 ? 40 * 3_600_000 * rnd() : 600_000 * rnd());
    ts[i] = Math.floor(ts[i]);
    session[i] = first || ts[i] - ts[i - 1] > 1_800_000 ? ++s : s;
  }
  const dict = (size: number, prefix: string) =>
    Dictionary.fromStrings(Array.from({ length: size }, (_, i) => `${prefix}${i}`));
  return {
    length: events,
    ts,
    user,
    session,
    item: Int32Array.from({ length: events }, () => Math.floor(Math.pow(rnd(), 2) * items)),
    kind: Uint8Array.from({ length: events }, () => [0, 0, 0, 1, 5, 3, 2, 255][Math.floor(rnd() * 8)]),
    price: new Float64Array(0),
    quantity: new Int32Array(0),
    category: new Int32Array(0),
    order: new Int32Array(0),
    dicts: {
      user: dict(users, "u"),
      session: dict(s + 1, "s"),
      item: dict(items, "i"),
      category: new Dictionary(),
      order: new Dictionary(),
    },
  };
}

const weights = (w: Partial<Record<number, number>>) => {
  const kw = new Float64Array(8);
  for (const [k, v] of Object.entries(w)) kw[Number(k)] = v!;
  return kw;
};

const BASE: NeighbourOptions = {
  maxGap: 6,
  windowMs: 24 * 3_600_000,
  kindWeight: weights({ [EventKind.view]: 1, [EventKind.cart_add]: 6, [EventKind.purchase]: 3 }),
  halfLifeMs: Infinity,
  endMs: 1_700_100_000_000,
  positionDecay: true,
  normalisation: "raw",
  k: 7,
  minSupport: 0,
  passes: 1,
};

const buying = new Uint8Array(8);
buying[EventKind.cart_add] = 1;

const CASES: [string, CovisScope, Partial<NeighbourOptions>][] = [
  ["session timelines, position decay, raw", "session", {}],
  ["user timelines, a 3-day half-life, cosine", "user", { halfLifeMs: 3 * 86_400_000, normalisation: "cosine" }],
  [
    "user timelines, gap 30, a 2-hour window, jaccard",
    "user",
    { maxGap: 30, windowMs: 2 * 3_600_000, normalisation: "jaccard" },
  ],
  [
    "session timelines, no position decay, lift, min support 2",
    "session",
    { positionDecay: false, normalisation: "lift", minSupport: 2 },
  ],
  // every neighbour kept (k above the items), so that pairs below the support, and exactly at it, show
  [
    "session timelines, no position decay, raw, min support 3, k 200",
    "session",
    { positionDecay: false, normalisation: "raw", minSupport: 3, k: 200 },
  ],
  [
    "user timelines, cart-add anchors, purchase neighbours, bm25",
    "user",
    {
      anchorKinds: buying,
      kindWeight: weights({ [EventKind.purchase]: 1 }),
      normalisation: "bm25",
      positionDecay: false,
    },
  ],
];

/** The same Csr, bit for bit (scores compared as bytes). */
function expectSameBytes(got: Csr, want: Csr): void {
  expect(got.rows).toBe(want.rows);
  expect(Buffer.from(got.indptr.buffer, got.indptr.byteOffset, got.indptr.byteLength)).toEqual(
    Buffer.from(want.indptr.buffer, want.indptr.byteOffset, want.indptr.byteLength),
  );
  expect(Array.from(got.indices)).toEqual(Array.from(want.indices));
  expect(
    Buffer.from(got.data.buffer, got.data.byteOffset, got.data.byteLength).equals(
      Buffer.from(want.data.buffer, want.data.byteOffset, want.data.byteLength),
    ),
  ).toBe(true);
}

describe("covisByAnchor", () => {
  const t = randomTable(5, 60, 150, 6000);
  for (const [name, scope, over] of CASES)
    it(`covisByAnchor(${name}) on the main thread gives covisNeighbours' bytes, chunks of 400 events`, async () => {
      const tl = timelines(t, scope);
      const o = { ...BASE, ...over };
      const want = covisNeighbours(t, tl, 150, o, 400);
      expect(want.indices.length).toBeGreaterThan(150);
      expectSameBytes(await covisByAnchor(t, tl, 150, o, 0, 400), want);
      // with every neighbour kept, the support visibly drops pairs (at k 7 the top rows are above it anyway)
      if (o.minSupport > 0 && o.k > 150)
        expect(want.indices.length).toBeLessThan(
          covisNeighbours(t, tl, 150, { ...o, minSupport: 0 }, 400).indices.length,
        );
    });

  // apart, so that mutation testing can leave it out: code in a worker thread runs unmutated
  it("covisByAnchor on worker threads (1, 2, 3) gives the main thread's bytes, with and without a cut", async () => {
    for (const [, scope, over] of CASES) {
      const tl = timelines(t, scope);
      const o = { ...BASE, ...over };
      const want = await covisByAnchor(t, tl, 150, o, 0, 400);
      for (const threads of [1, 3]) expectSameBytes(await covisByAnchor(t, tl, 150, o, threads, 400), want);
    }
    const cut = timelines(t, "session", (i) => t.ts[i] < 1_700_000_500_000 + 20 * 3_600_000 && t.kind[i] !== 2);
    const o = { ...BASE, endMs: 1_700_000_500_000 };
    expectSameBytes(await covisByAnchor(t, cut, 150, o, 2, 300), await covisByAnchor(t, cut, 150, o, 0, 300));
  });

  it("covisByAnchor follows the chunking: other chunks, other sums, still covisNeighbours' with the same chunks", async () => {
    const tl = timelines(t, "user");
    const o = { ...BASE, halfLifeMs: 86_400_000, normalisation: "cosine" as const };
    for (const chunk of [1, 97, 1 << 18])
      expectSameBytes(await covisByAnchor(t, tl, 150, o, 0, chunk), covisNeighbours(t, tl, 150, o, chunk));
  });

  it("covisByAnchor on timelines that keep some events only (the --until cut) matches covisNeighbours", async () => {
    const tl = timelines(t, "session", (i) => t.ts[i] < 1_700_000_500_000 + 20 * 3_600_000 && t.kind[i] !== 2);
    const o = { ...BASE, endMs: 1_700_000_500_000 };
    expectSameBytes(await covisByAnchor(t, tl, 150, o, 0, 300), covisNeighbours(t, tl, 150, o, 300));
  });
});

describe("covisByAnchor at the window's edge", () => {
  it("covisByAnchor counts a pair exactly --window apart and not one 1 ms further, as covisNeighbours does", async () => {
    // one timeline: items 0 1 2 3 at 0, W, 2W + 1 and 2W + 1 (W = the window): 0-1 and 2-3 pair, 1-2 do not
    const W = 3_600_000;
    const t = {
      item: Int32Array.from([0, 1, 2, 3]),
      ts: Float64Array.from([0, W, 2 * W + 1, 2 * W + 1]),
      kind: new Uint8Array(4),
    };
    const tl = { events: Int32Array.from([0, 1, 2, 3]), offsets: Int32Array.from([0, 4]) };
    const o = { ...BASE, windowMs: W, positionDecay: false };
    const got = await covisByAnchor(t, tl, 4, o, 0);
    expectSameBytes(got, covisNeighbours(t, tl, 4, o));
    expect(Array.from(got.indptr)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(got.indices)).toEqual([1, 0, 3, 2]);
  });
});

describe("anchorIndex", () => {
  it("anchorIndex(timeline A B A C, gap 2) reaches 2 on but stops before an event more than the window later", () => {
    // one timeline: items 0 1 0 2 at minutes 0, 1, 2, 200 (window 60 minutes)
    const t = {
      item: Int32Array.from([0, 1, 0, 2]),
      ts: Float64Array.from([0, 60_000, 120_000, 12_000_000]),
      kind: Uint8Array.from([0, 0, 1, 0]),
    };
    const tl = { events: Int32Array.from([0, 1, 2, 3]), offsets: Int32Array.from([0, 4]) };
    const anchors = new Uint8Array(8);
    anchors[1] = 1; // cart adds only
    const ix = anchorIndex(t, tl, 3, { ...BASE, maxGap: 2, windowMs: 3_600_000, anchorKinds: anchors });
    expect(Array.from(ix.reach)).toEqual([2, 2, 2, 3]);
    expect(Array.from(ix.anchorStart)).toEqual([0, 1, 1, 1]); // item 0's cart add only
    expect(Array.from(ix.anchors)).toEqual([2]);
    // position 2 scans on to itself (reach 2) and back to 0 (gap 2): 1 + 0 + 2
    expect(ix.work[0]).toBe(3);
  });

  it("workRanges(work, pieces) cuts contiguous ranges of about equal work that cover every item", () => {
    expect(workRanges(Float64Array.from([1, 1, 1, 1, 1, 1]), 3)).toEqual([
      [0, 2],
      [2, 4],
      [4, 6],
    ]);
    // one heavy item takes a range of its own
    expect(workRanges(Float64Array.from([1, 10, 1, 1]), 2)).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(workRanges(new Float64Array(0), 4)).toEqual([[0, 0]]);
  });
});
