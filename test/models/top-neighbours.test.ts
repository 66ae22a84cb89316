import { describe, expect, it } from "vitest";
import { csrRow } from "../../src/data/csr.js";
import { topNeighbours } from "../../src/models/covis/top-neighbours.js";

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
  });
});
