import { describe, expect, it } from "vitest";
import type { Csr } from "../../src/data/csr.js";
import type { ChunkPairs } from "../../src/models/covis/count-pairs.js";
import { rankAnchors } from "../../src/models/covis/covis-neighbours.js";

/** A chunk from anchor -> [neighbour, weight][] (anchors ascending, each neighbour once per anchor). */
function chunk(rows: [number, [number, number][]][]): ChunkPairs {
  const starts = [0];
  const b: number[] = [];
  const w: number[] = [];
  for (const [, row] of rows) {
    for (const [nb, x] of row) {
      b.push(nb);
      w.push(x);
    }
    starts.push(b.length);
  }
  return {
    anchors: Int32Array.from(rows.map(([a]) => a)),
    starts: Int32Array.from(starts),
    b: Int32Array.from(b),
    w: Float64Array.from(w),
  };
}

/**
 * The rows by the definition: each anchor of [from, to) sums its neighbours' weights over all chunks, drops those
 * under the minimum support, scores raw (the weight), keeps the best k (ties by neighbour code); other rows empty.
 */
function oracle(chunks: ChunkPairs[], nItems: number, k: number, minSupport: number, from: number, to: number): Csr {
  const indptr = new Int32Array(nItems + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let a = 0; a < nItems; a++) {
    if (a >= from && a < to) {
      const sum = new Map<number, number>();
      for (const c of chunks)
        for (let r = 0; r < c.anchors.length; r++)
          if (c.anchors[r] === a)
            for (let q = c.starts[r]; q < c.starts[r + 1]; q++) sum.set(c.b[q], (sum.get(c.b[q]) ?? 0) + c.w[q]);
      const row = [...sum].filter(([, w]) => w >= minSupport && w > 0).sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      for (const [nb, w] of row.slice(0, k)) {
        indices.push(nb);
        data.push(w);
      }
    }
    indptr[a + 1] = indices.length;
  }
  return { rows: nItems, indptr, indices: Int32Array.from(indices), data: Float64Array.from(data) };
}

describe("rankAnchors", () => {
  // anchor 3 meets neighbours 4 and 9 in both chunks (the sums must meet in one place); anchor 5 only in chunk 0,
  // anchor 4 only in chunk 1; anchors 1, 0 and 7 lie outside the range [2, 6)
  const chunks = [
    chunk([
      [1, [[2, 5]]],
      [
        3,
        [
          [4, 1],
          [9, 2],
          [6, 0.5],
        ],
      ],
      [
        5,
        [
          [0, 2],
          [1, 2],
        ],
      ],
    ]),
    chunk([
      [0, [[1, 3]]],
      [
        3,
        [
          [9, 1.5],
          [4, 2.5],
          [8, 1],
        ],
      ],
      [4, [[3, 0.5]]],
      [7, [[1, 1]]],
    ]),
  ];
  const support = new Float64Array(10).fill(1);

  it("rankAnchors(chunks, k 2, from 2, to 6) sums each anchor's neighbours over the chunks and leaves other rows empty", () => {
    const got = rankAnchors(chunks, support, 4, 10, { normalisation: "raw", k: 2, minSupport: 0 }, 2, 6);
    // anchor 3: 4 -> 3.5, 9 -> 3.5, 8 -> 1, 6 -> 0.5: a tie at 3.5 broken by code; anchor 4: 3 -> 0.5; anchor 5: 0, 1
    expect(got).toEqual({
      rows: 10,
      indptr: Int32Array.from([0, 0, 0, 0, 2, 3, 5, 5, 5, 5, 5]),
      indices: Int32Array.from([4, 9, 3, 0, 1]),
      data: Float64Array.from([3.5, 3.5, 0.5, 2, 2]),
    });
    expect(got).toEqual(oracle(chunks, 10, 2, 0, 2, 6));
  });

  it("rankAnchors(minimum support 1) keeps a sum of exactly 1 and drops 0.5, and returns no room past the kept", () => {
    const got = rankAnchors(chunks, support, 4, 10, { normalisation: "raw", k: 3, minSupport: 1 }, 0, 10);
    // anchor 3 keeps 4, 9 and 8 (exactly 1), drops 6 (0.5); anchor 4 keeps nothing (0.5)
    expect(Array.from(got.indices.subarray(got.indptr[3], got.indptr[5]))).toEqual([4, 9, 8]);
    expect(got).toEqual(oracle(chunks, 10, 3, 1, 0, 10));
    expect(got.indices.length).toBe(8); // 0: 1, 1: 1, 3: 3, 5: 2, 7: 1
  });

  it("rankAnchors(cosine) scores the summed weight by the anchors' supports", () => {
    const s = Float64Array.from([1, 1, 1, 4, 1, 1, 1, 1, 9, 1]);
    const got = rankAnchors(chunks, s, 4, 10, { normalisation: "cosine", k: 1, minSupport: 0 }, 3, 4);
    // w(3, 4) = 3.5 over sqrt(4 * 1) = 1.75; w(3, 9) the same; 4 < 9
    expect(got.indptr[4] - got.indptr[3]).toBe(1);
    expect([got.indices[0], got.data[0]]).toEqual([4, 1.75]);
  });

  it("rankAnchors on a row of 3,000 neighbours spread over two chunks (past its first buffer) finds the best at the end", () => {
    const n = 3000;
    const first: [number, number][] = Array.from({ length: 1500 }, (_, i) => [i, 1 + (i % 7)]);
    const second: [number, number][] = Array.from({ length: 1500 }, (_, i) => [1500 + i, 1 + (i % 5)]);
    second[1499] = [2999, 100];
    second[1498] = [2998, 99];
    const long = [chunk([[0, first]]), chunk([[0, second]])];
    const got = rankAnchors(
      long,
      new Float64Array(n).fill(1),
      2,
      n,
      { normalisation: "raw", k: 4, minSupport: 0 },
      0,
      n,
    );
    expect(Array.from(got.indices)).toEqual([2999, 2998, 6, 13]);
    expect(got).toEqual(oracle(long, n, 4, 0, 0, n));
  });

  it("rankAnchors on random chunks and ranges equals the definition", () => {
    let seed = 3;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const nItems = 40;
    for (let round = 0; round < 20; round++) {
      const cs = Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => {
        const rows: [number, [number, number][]][] = [];
        for (let a = 0; a < nItems; a++) {
          if (rnd() < 0.5) continue;
          const nbs = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * nItems)))];
          rows.push([a, nbs.map((nb) => [nb, Math.floor(rnd() * 6) / 2] as [number, number])]);
        }
        return chunk(rows);
      });
      const from = Math.floor(rnd() * nItems);
      const to = from + Math.floor(rnd() * (nItems - from + 1));
      const k = 1 + Math.floor(rnd() * 5);
      const minSupport = Math.floor(rnd() * 3);
      const o = { normalisation: "raw" as const, k, minSupport };
      expect(rankAnchors(cs, new Float64Array(nItems).fill(1), 3, nItems, o, from, to)).toEqual(
        oracle(cs, nItems, k, minSupport, from, to),
      );
    }
  });
});
