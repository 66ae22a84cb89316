import { describe, expect, it } from "vitest";
import { csrRow, type Csr } from "../../src/data/csr.js";
import { EventKind } from "../../src/data/event-kind.js";
import { timelines } from "../../src/data/timelines.js";
import { chunkBounds, type PairParams } from "../../src/models/covis/count-pairs.js";
import { covisNeighbours, covisNeighboursYielding } from "../../src/models/covis/covis-neighbours.js";
import type { Normalisation } from "../../src/models/covis/normalise.js";
import { neighbourOracle } from "../oracles/covis.js";
import { randomTable } from "./covis-random-table.js";

/**
 * Both counting paths of covis-neighbours.ts (the plain one and the one awaiting between chunks) against the slow
 * definition (test/oracles/covis.ts), on small tables cut into many chunks and counted in several passes. Integer
 * event weights and no decay keep every summed weight exact, so the pairs at the minimum support are decided exactly.
 */
const KIND_WEIGHT = new Float64Array(8);
KIND_WEIGHT[EventKind.view] = 1;
KIND_WEIGHT[EventKind.cart_add] = 3;
KIND_WEIGHT[EventKind.purchase] = 2;

const table = randomTable(21, 25, 70, 1200);
const params: PairParams = {
  maxGap: 6,
  windowMs: 24 * 3_600_000,
  kindWeight: KIND_WEIGHT,
  halfLifeMs: Infinity,
  endMs: Math.max(...table.ts),
  positionDecay: false,
};
const CHUNK = 90; // events per chunk: the 1,200 events in about a dozen chunks

/** `m` is the oracle's top-k lists, every row, with nothing past the last row's end. */
function expectOracle(m: Csr, o: { normalisation: Normalisation; k: number; minSupport: number }): number {
  const want = neighbourOracle(table, "user", params, o);
  const nItems = table.dicts.item.size;
  expect(m.rows).toBe(nItems);
  expect(m.indices.length).toBe(m.indptr[nItems]);
  expect(m.data.length).toBe(m.indptr[nItems]);
  for (let a = 0; a < nItems; a++) {
    const row = csrRow(m, a);
    const expected = want.get(a) ?? [];
    expect(
      row.map(([b]) => b),
      `item ${a}`,
    ).toEqual(expected.map(([b]) => b));
    row.forEach(([, s], q) => expect(Math.abs(s - expected[q][1])).toBeLessThanOrEqual(1e-9));
  }
  return m.indptr[nItems];
}

describe("covisNeighbours and covisNeighboursYielding against the definition", () => {
  const tl = timelines(table, "user");
  const nItems = table.dicts.item.size;

  it("the test table is cut into many chunks and holds pairs at exactly the minimum support", () => {
    expect(chunkBounds(tl, CHUNK).length).toBeGreaterThan(8);
    const weights = [...neighbourOracle(table, "user", params, { normalisation: "raw", k: 1000, minSupport: 0 })];
    expect(weights.flatMap(([, row]) => row).filter(([, w]) => w === 4).length).toBeGreaterThan(5);
  });

  const cases: [Normalisation, number, number][] = [
    ["raw", 1, 4],
    ["cosine", 3, 0],
    ["lift", 2, 4],
    ["bm25", 0, 0],
    ["jaccard", 0, 4],
  ];
  for (const [normalisation, passes, minSupport] of cases) {
    const o = { ...params, normalisation, k: 6, minSupport, passes };
    const what = `${normalisation}, ${passes || "automatic"} passes, minimum support ${minSupport}`;

    it(`covisNeighbours(chunks of ${CHUNK} events, ${what}) equals the definition`, () => {
      expect(expectOracle(covisNeighbours(table, tl, nItems, o, CHUNK), o)).toBeGreaterThan(150);
    });

    it(`covisNeighboursYielding(chunks of ${CHUNK} events, ${what}) equals the definition`, async () => {
      expect(expectOracle(await covisNeighboursYielding(table, tl, nItems, o, CHUNK), o)).toBeGreaterThan(150);
    });
  }

  it("covisNeighboursYielding gives covisNeighbours' bytes for 1 and 4 passes and one chunk or many", async () => {
    const o = { ...params, positionDecay: true, halfLifeMs: 86_400_000, normalisation: "cosine" as const, k: 5 };
    for (const passes of [1, 4])
      for (const chunk of [CHUNK, 1 << 18]) {
        const one = covisNeighbours(table, tl, nItems, { ...o, minSupport: 0, passes }, chunk);
        expect(await covisNeighboursYielding(table, tl, nItems, { ...o, minSupport: 0, passes }, chunk)).toEqual(one);
      }
  });
});
