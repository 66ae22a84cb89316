import { describe, expect, it } from "vitest";
import type { Csr } from "../../src/data/csr.js";
import { EventKind } from "../../src/data/event-kind.js";
import { timelines, type Timelines } from "../../src/data/timelines.js";
import { anchorIndex } from "../../src/models/covis/anchor-index.js";
import { AnchorRowCounter } from "../../src/models/covis/anchor-rows.js";
import { chunkBounds, itemSupport, type PairEvents } from "../../src/models/covis/count-pairs.js";
import { covisNeighbours, type NeighbourOptions } from "../../src/models/covis/covis-neighbours.js";
import { randomTable } from "./covis-random-table.js";

const kindWeight = new Float64Array(8);
kindWeight[EventKind.view] = 1;
kindWeight[EventKind.cart_add] = 4;
kindWeight[EventKind.purchase] = 2;
const carts = new Uint8Array(16);
carts[EventKind.view] = carts[EventKind.cart_add] = 1;

const BASE: NeighbourOptions = {
  maxGap: 5,
  windowMs: 2 * 3_600_000,
  kindWeight,
  halfLifeMs: 3 * 86_400_000,
  endMs: 1_700_300_000_000,
  positionDecay: true,
  normalisation: "raw",
  k: 6,
  minSupport: 0,
  passes: 1,
  anchorKinds: carts,
};

/** The index as its definition reads, computed one position at a time. */
function slowIndex(t: PairEvents, tl: Timelines, nItems: number, o: NeighbourOptions, chunkEvents: number) {
  const n = tl.events.length;
  const nTimelines = tl.offsets.length - 1;
  const item: number[] = [];
  const kind: number[] = [];
  const timeline: number[] = [];
  const reach: number[] = [];
  const decay: number[] = [];
  const anchorsOf: number[][] = Array.from({ length: nItems }, () => []);
  const work = new Array<number>(nItems).fill(0);
  for (let x = 0; x < nTimelines; x++) {
    const [start, end] = [tl.offsets[x], tl.offsets[x + 1]];
    for (let g = start; g < end; g++) {
      const e = tl.events[g];
      item.push(t.item[e]);
      kind.push(t.kind[e]);
      timeline.push(x);
      if (Number.isFinite(o.halfLifeMs)) decay.push(Math.exp(-(o.endMs - t.ts[e]) * (Math.LN2 / o.halfLifeMs)));
      // the scan from g goes on while the next event is within the gap, in the timeline and within the window of g
      let y = g;
      while (y + 1 < end && y + 1 - g <= o.maxGap && t.ts[tl.events[y + 1]] - t.ts[e] <= o.windowMs) y++;
      reach.push(y);
    }
  }
  for (let g = 0; g < n; g++) {
    if (!(o.anchorKinds ?? new Uint8Array(16).fill(1))[kind[g]]) continue;
    anchorsOf[item[g]].push(g);
    // its pair scan's steps: the anchor, the later positions it reaches, the earlier ones within the gap
    work[item[g]] += 1 + (reach[g] - g) + Math.min(o.maxGap, g - tl.offsets[timeline[g]]);
  }
  const bounds = chunkBounds(tl, chunkEvents);
  const chunkOf: number[] = [];
  for (let c = 0; c + 1 < bounds.length; c++) for (let x = bounds[c]; x < bounds[c + 1]; x++) chunkOf.push(c);
  const anchorStart = [0];
  for (const list of anchorsOf) anchorStart.push(anchorStart[anchorStart.length - 1] + list.length);
  return { item, kind, timeline, reach, decay, chunkOf, anchorStart, anchors: anchorsOf.flat(), work };
}

function expectIndex(t: PairEvents, tl: Timelines, nItems: number, o: NeighbourOptions, chunkEvents: number): void {
  const ix = anchorIndex(t, tl, nItems, o, chunkEvents);
  const want = slowIndex(t, tl, nItems, o, chunkEvents);
  for (const key of Object.keys(want) as (keyof typeof want)[])
    expect([key, Array.from(ix[key])]).toEqual([key, want[key]]);
  expect(ix.offsets).toBe(tl.offsets);
}

describe("anchorIndex against its definition", () => {
  it("anchorIndex of user timelines (view and cart anchors, a half-life, chunks of 97 events) is the slow index", () => {
    const t = randomTable(3, 40, 60, 3000);
    const tl = timelines(t, "user");
    expectIndex(t, tl, 60, BASE, 97);
    expect(anchorIndex(t, tl, 60, BASE, 97).chunkOf.length).toBe(40);
  });

  it("anchorIndex without a half-life has no decays, and every event type anchors without anchorKinds", () => {
    const t = randomTable(4, 30, 50, 2000);
    const o = { ...BASE, halfLifeMs: Infinity, anchorKinds: undefined, maxGap: 30, windowMs: 86_400_000 };
    expectIndex(t, timelines(t, "session"), 50, o, 1 << 18);
    expect(anchorIndex(t, timelines(t, "session"), 50, o).decay.length).toBe(0);
  });

  it("anchorIndex of a timeline of 3,000 events (past its first time buffer) is the slow index", () => {
    // one user with many events: the times and decays of a long timeline must not be cut at the buffer's end
    const t = randomTable(5, 1, 80, 3000);
    expectIndex(t, timelines(t, "user"), 80, { ...BASE, windowMs: 600_000 }, 500);
  });
});

/** Rows from..to of a Csr, rebased to start at 0. */
function sliceRows(c: Csr, from: number, to: number) {
  const base = c.indptr[from];
  return {
    indptr: Array.from(c.indptr.subarray(from, to + 1), (v) => v - base),
    indices: Array.from(c.indices.subarray(base, c.indptr[to])),
    data: Array.from(c.data.subarray(base, c.indptr[to])),
  };
}

describe("AnchorRowCounter", () => {
  it("AnchorRowCounter.rows(from, to) of any range is that range of covisNeighbours' rows", () => {
    const t = randomTable(6, 50, 70, 4000);
    const tl = timelines(t, "session");
    const o = { ...BASE, normalisation: "cosine" as const };
    const want = covisNeighbours(t, tl, 70, o, 300);
    const counter = new AnchorRowCounter(
      anchorIndex(t, tl, 70, o, 300),
      o,
      itemSupport(t, tl, 70),
      tl.offsets.length - 1,
      70,
      o,
    );
    for (const [from, to] of [
      [0, 70],
      [17, 45],
      [45, 46],
      [69, 70],
    ]) {
      const got = counter.rows(from, to);
      expect([got.from, got.to]).toEqual([from, to]);
      expect({ indptr: Array.from(got.indptr), indices: Array.from(got.indices), data: Array.from(got.data) }).toEqual(
        sliceRows(want, from, to),
      );
    }
  });

  it("AnchorRowCounter grows its output past its first capacity (2^20 neighbours) when a range's rows need it", () => {
    // one session of 1,100 distinct items in a row, every pair within the gap and window: each item has the other
    // 1,099 as neighbours, and k keeps them all, so the one range's rows hold 1,208,900 entries
    const n = 1100;
    const t = { item: Int32Array.from({ length: n }, (_, i) => i), ts: new Float64Array(n), kind: new Uint8Array(n) };
    const tl = { events: Int32Array.from({ length: n }, (_, i) => i), offsets: Int32Array.from([0, n]) };
    const o = { ...BASE, maxGap: n, k: n, halfLifeMs: Infinity, positionDecay: false, anchorKinds: undefined };
    const counter = new AnchorRowCounter(anchorIndex(t, tl, n, o), o, itemSupport(t, tl, n), 1, n, o);
    const got = counter.rows(0, n);
    expect(got.indices.length).toBe(n * (n - 1));
    expect(got.indices.length).toBeGreaterThan(1 << 20);
    const want = covisNeighbours(t, tl, n, o);
    expect(Array.from(got.indptr)).toEqual(Array.from(want.indptr));
    expect(Buffer.from(got.indices.buffer).equals(Buffer.from(want.indices.buffer))).toBe(true);
    expect(Array.from(new Set(got.data))).toEqual([1]);
  });
});
