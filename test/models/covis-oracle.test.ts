import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { ingest } from "../../src/pipeline/ingest.js";
import { readDataset } from "../../src/io/read-dataset.js";
import type { EventTable } from "../../src/data/event-table.js";
import { EventKind } from "../../src/data/event-kind.js";
import { csrRow } from "../../src/data/csr.js";
import { timelines } from "../../src/data/timelines.js";
import { covisNeighbours } from "../../src/models/covis/covis-neighbours.js";
import { NORMALISATIONS } from "../../src/models/covis/normalise.js";
import type { PairParams } from "../../src/models/covis/count-pairs.js";
import { neighbourOracle } from "../oracles/covis.js";
import { REPO, tempDir } from "../helpers.js";

/**
 * Co-visitation neighbour lists of the shipped OTTO sample (20 users over four weeks, real clicks, carts and orders)
 * against the slow definition in test/oracles/covis.ts: every normalisation, time and position decay on, and a
 * complement list whose anchors are carts and orders.
 */
const tmp = tempDir();
let table: EventTable;

beforeAll(async () => {
  const out = tmp.path("otto");
  await ingest({ inputs: [join(REPO, "datasets/otto-20-sessions/train_first20.jsonl")], preset: "otto", out });
  table = readDataset(out).table;
});

const weights = (w: Partial<Record<keyof typeof EventKind, number>>) => {
  const out = new Float64Array(8);
  for (const [name, v] of Object.entries(w)) out[EventKind[name as keyof typeof EventKind]] = v;
  return out;
};

const lists: [string, () => PairParams, number][] = [
  [
    "clicks, carts and orders weighted 1/6/3, gap 30, 24 h, position decay, 7-day half-life",
    () => ({
      maxGap: 30,
      windowMs: 86_400_000,
      kindWeight: weights({ view: 1, cart_add: 6, purchase: 3 }),
      halfLifeMs: 7 * 86_400_000,
      endMs: Math.max(...table.ts),
      positionDecay: true,
    }),
    0,
  ],
  [
    "carts and orders to orders, 14 days, minimum support 0.5",
    () => ({
      maxGap: 30,
      windowMs: 14 * 86_400_000,
      kindWeight: weights({ purchase: 1 }),
      halfLifeMs: Infinity,
      endMs: Math.max(...table.ts),
      positionDecay: false,
      anchorKinds: Uint8Array.from(weights({ cart_add: 1, purchase: 1 })),
    }),
    0.5,
  ],
];

describe("co-visitation neighbours against the definition on the OTTO sample", () => {
  for (const [name, params, minSupport] of lists)
    for (const normalisation of NORMALISATIONS) {
      it(`covisNeighbours(otto users, ${normalisation}, k 10): ${name}`, () => {
        const p = params();
        const o = { normalisation, k: 10, minSupport };
        const got = covisNeighbours(table, timelines(table, "user"), table.dicts.item.size, { ...p, ...o, passes: 1 });
        const want = neighbourOracle(table, "user", p, o);
        let pairs = 0;
        for (let a = 0; a < table.dicts.item.size; a++) {
          const row = csrRow(got, a);
          const expected = want.get(a) ?? [];
          expect(
            row.map(([b]) => b),
            `item ${a}`,
          ).toEqual(expected.map(([b]) => b));
          // scores are kept rounded to 1e-9 (top-neighbours.ts)
          row.forEach(([, s], q) => {
            expect(Math.abs(s - expected[q][1])).toBeLessThanOrEqual(Math.max(1e-9, 1e-12 * expected[q][1]));
          });
          pairs += row.length;
        }
        expect(pairs).toBeGreaterThan(normalisation === "raw" && minSupport === 0 ? 1000 : 20);
      });
    }
});
