import { describe, expect, it } from "vitest";
import { csrRow } from "../../src/data/csr.js";
import { TopNeighbourSelector, topNeighbours } from "../../src/models/covis/top-neighbours.js";

describe("topNeighbours", () => {
  it("topNeighbours(rows, n, k) equals sorting each row in full and cutting at k (ties by neighbour code, scores <= 0 left out)", () => {
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
    const nItems = 60;
    const offsets = new Int32Array(nItems + 1);
    const b: number[] = [];
    const score: number[] = [];
    for (let a = 0; a < nItems; a++) {
      const len = Math.floor(rnd() * 40);
      const used = new Set<number>();
      for (let q = 0; q < len; q++) {
        const nb = Math.floor(rnd() * nItems);
        if (used.has(nb)) continue;
        used.add(nb);
        b.push(nb);
        score.push(Math.floor(rnd() * 6) / 2 + (rnd() < 0.3 ? 1e-12 : 0)); // many ties, some within float noise
      }
      offsets[a + 1] = b.length;
    }
    const k = 7;
    const m = topNeighbours({ offsets, b: Int32Array.from(b), score: Float64Array.from(score) }, nItems, k);
    for (let a = 0; a < nItems; a++) {
      const row = [];
      for (let q = offsets[a]; q < offsets[a + 1]; q++)
        if (score[q] > 0) row.push([b[q], Math.round(score[q] * 1e9) / 1e9]);
      row.sort((x, y) => y[1] - x[1] || x[0] - y[0]);
      expect(csrRow(m, a)).toEqual(row.slice(0, k));
    }
    expect(score.filter((s) => s === 0).length).toBeGreaterThan(10); // the zeros were there to leave out
    // no room past the last row: short rows and zeros keep fewer than k per row
    expect(m.indices.length).toBe(m.indptr[nItems]);
    expect(m.data.length).toBe(m.indptr[nItems]);
    expect(m.indptr[nItems]).toBeLessThan(nItems * k);
  });

  it("topNeighbours(rows, n, k) with fewer entries in all than n k keeps every positive one", () => {
    const offsets = Int32Array.from([0, 2, 2, 5]);
    const b = Int32Array.from([1, 2, 0, 1, 2]);
    const score = Float64Array.from([0.5, 0, 3, 1, -2]);
    const m = topNeighbours({ offsets, b, score }, 3, 4);
    expect(m).toEqual({
      rows: 3,
      indptr: Int32Array.from([0, 1, 1, 3]),
      indices: Int32Array.from([1, 0, 1]),
      data: Float64Array.from([0.5, 3, 1]),
    });
  });
});

describe("TopNeighbourSelector", () => {
  // neighbours 5, 3, 9, 1, 7, 4 scored 2, 2, 0, -1, 2 + 1e-12 (a tie within float noise), NaN
  const b = Int32Array.from([5, 3, 9, 1, 7, 4]);
  const score = Float64Array.from([2, 2, 0, -1, 2 + 1e-12, NaN]);
  const select = (k: number, from: number, to: number) => {
    const s = new TopNeighbourSelector(k);
    const n = s.select(b, score, from, to);
    return Array.from(s.indices.subarray(0, n), (nb, q) => [nb, s.data[q]]);
  };

  it("select(k 2) keeps the two lowest codes of a three-way tie and leaves out 0, -1 and NaN", () => {
    expect(select(2, 0, 6)).toEqual([
      [3, 2],
      [5, 2],
    ]);
  });

  it("select(k 5) returns the three positive entries only, ties by code, the noise rounded away", () => {
    expect(select(5, 0, 6)).toEqual([
      [3, 2],
      [5, 2],
      [7, 2],
    ]);
  });

  it("select(k 1, from 1, to 5) ranks only its range", () => {
    expect(select(1, 1, 5)).toEqual([[3, 2]]);
    expect(select(2, 2, 5)).toEqual([[7, 2]]);
  });

  it("select on a row longer than its buffer (200 entries, scores rising) keeps the k best", () => {
    const long = Float64Array.from({ length: 200 }, (_, i) => (i + 1) / 1000);
    const codes = Int32Array.from({ length: 200 }, (_, i) => 1000 - i);
    const s = new TopNeighbourSelector(3);
    expect(s.select(codes, long, 0, 200)).toBe(3);
    expect(Array.from(s.indices)).toEqual([801, 802, 803]);
    expect(Array.from(s.data)).toEqual([0.2, 0.199, 0.198]);
  });
});
